using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>The reminder rules and the rep emails. Section <c>Reminders</c>; every key is listed in docs/reminders.md.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Reorder due: the predicted next order falls within the product's lead time plus this many days.</summary>
    [Range(0, 365)]
    public int NoticeExtraDays { get; set; } = 7;

    /// <summary>A fixed notice window in days for every product, instead of lead time + <see cref="NoticeExtraDays"/>.</summary>
    [Range(1, 730)]
    public int? NoticeWindowDays { get; set; }

    /// <summary>The notice window is at most this share of the pair's own cycle (0.5: a 14-day buyer is due at most 7 days ahead).</summary>
    [Range(0.05, 1.0)]
    public double MaxNoticeCycleShare { get; set; } = 0.5;

    /// <summary>Reorder due only once this share of the pair's cycle has passed since its last order (never right after an order).</summary>
    [Range(0.0, 1.0)]
    public double MinCycleShareBeforeDue { get; set; } = 0.5;

    /// <summary>Orders of a customer x product before its cycle is trusted for a reorder-due or late reminder.</summary>
    [Range(1, 1000)]
    public int MinOrders { get; set; } = 2;

    /// <summary>Reorder due only while P(the customer still buys this product) = P(customer active) × P(pair active) is at least this.</summary>
    [Range(0.0, 1.0)]
    public double MinPairActive { get; set; } = 0.5;

    /// <summary>No reminder about a product whose P(still sold) is below this (discontinued items are not a customer's problem).</summary>
    [Range(0.0, 1.0)]
    public double MinProductActive { get; set; } = 0.5;

    /// <summary>At risk: P(customer active) below this.</summary>
    [Range(0.0, 1.0)]
    public double AtRiskActiveThreshold { get; set; } = 0.5;

    /// <summary>At risk (customer): only customers whose last order is at most this many days old (older is lost, not at risk).</summary>
    [Range(1, 3650)]
    public int AtRiskMaxSilenceDays { get; set; } = 365;

    /// <summary>At risk (customer): silent for at least this many days.</summary>
    [Range(0, 3650)]
    public int AtRiskMinSilenceDays { get; set; } = 30;

    /// <summary>At risk (customer): and for at least this many times its shortest cycle.</summary>
    [Range(0.0, 20)]
    public double AtRiskCycleMultiple { get; set; } = 1.5;

    /// <summary>At risk (customer): orders the customer placed in all, at least (one-off buyers are not "at risk").</summary>
    [Range(1, 1000)]
    public int AtRiskMinCustomerOrders { get; set; } = 4;

    /// <summary>At risk (late pair): remind while the pair is at most this many typical cycles past its cycle's P90 date.</summary>
    [Range(0.1, 20)]
    public double AtRiskMaxCyclesLate { get; set; } = 1;

    /// <summary>Stalled deal: no CRM activity on the customer's account for this many days.</summary>
    [Range(1, 365)]
    public int StalledDealDays { get; set; } = 21;

    /// <summary>Stalled deal: only deals in this top share of open deals by expected value (amount x win probability); 0.5: the upper half.</summary>
    [Range(0.01, 1.0)]
    public double StalledDealTopShare { get; set; } = 0.5;

    /// <summary>Stalled deal: and with an expected value of at least this (in the deal's currency).</summary>
    [Range(0, double.MaxValue)]
    public decimal StalledDealMinExpectedValue { get; set; }

    /// <summary>Days after a reminder during which the same customer gets no other.</summary>
    [Range(0, 365)]
    public int CooldownDays { get; set; } = 14;

    /// <summary>
    /// Days after a rep dismissed a reminder about a customer x product as "already ordered elsewhere" or "customer not
    /// buying" during which that pair gets no reorder-due or late reminder (counted in business dates, so a replay agrees).
    /// </summary>
    [Range(0, 3650)]
    public int DismissedCooldownDays { get; set; } = 90;

    /// <summary>Reminders per customer per build (the most pressing first).</summary>
    [Range(1, 50)]
    public int MaxPerCustomer { get; set; } = 1;

    /// <summary>Invoices this many days past due count as overdue ("collect before you sell").</summary>
    [Range(0, 365)]
    public int OverdueGraceDays { get; set; }

    /// <summary>A rep with more new reminders than this in one build gets one digest instead of one email each.</summary>
    [Range(0, 10_000)]
    public int DigestThreshold { get; set; } = 3;

    /// <summary>Language of reps' emails when neither their login nor their team says (default: Outreach:DefaultLanguage).</summary>
    public string? RepLanguage { get; set; }

    /// <summary>Language of reps' emails by CRM team, e.g. <c>"Export": "en"</c>.</summary>
    public Dictionary<string, string> RepLanguageByTeam { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Address of the reminders page as reps reach it; emails link to it (and to <c>{PageUrl}/{id}</c>).</summary>
    [Required]
    public string PageUrl { get; set; } = "http://127.0.0.1:5000/reps/reminders";

    /// <summary>Let the registered <see cref="IDraftRewriter"/> rewrite drafts (off: the templates' text is used as is).</summary>
    public bool RewriteDrafts { get; set; }
}
