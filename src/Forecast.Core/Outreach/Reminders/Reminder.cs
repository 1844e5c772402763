using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Outreach.Drafting;

namespace Forecast.Core.Outreach.Reminders;

public enum ReminderStatus
{
    /// <summary>Waiting for the rep: review the draft, send it from their own mailbox, mark it sent or dismiss it.</summary>
    New,
    /// <summary>The rep says they sent the (possibly edited) draft.</summary>
    SentByRep,
    /// <summary>The rep decided not to act, with a reason (kept to learn from).</summary>
    Dismissed,
    /// <summary>No usable reminder could be made (no owner, no contact email, a broken template...): <see cref="Reminder.FailureReason"/> says why.</summary>
    Failed,
}

/// <summary>Why a rep dismissed a reminder: a fixed list, so the reasons can become a model feature.</summary>
public enum DismissReason
{
    AlreadyOrdered,
    NotBuying,
    WrongContact,
    WrongProduct,
    /// <summary>Anything else: the rep's words are required.</summary>
    Other,
}

/// <summary>What a reminder's expected value is made of.</summary>
public enum ReminderValueBasis
{
    /// <summary>P(order within the horizon) × the median value of the customer's past order lines of the product (ERP).</summary>
    UsualOrder,
    /// <summary>As <see cref="UsualOrder"/>, but the ERP lines had no price: the usual quantity at the product's list price.</summary>
    ListPrice,
    /// <summary>A customer at risk: the sum over its products of P(order) × usual order value.</summary>
    CustomerProducts,
    /// <summary>The deal's amount × its current P(win).</summary>
    Deal,
}

/// <summary>
/// A nudge to one rep about one customer: a reorder that is due, a customer at risk, or a stalled deal, with the facts
/// behind it and a draft email for the customer's contact. Unique per (customer, kind, topic, cycle): building the
/// reminders again for the same cycle never makes a second one, whatever the day it runs.
/// </summary>
public sealed class Reminder
{
    public long Id { get; set; }
    public ReminderKind Kind { get; set; }

    public long UnifiedCustomerId { get; set; }
    public UnifiedCustomer? UnifiedCustomer { get; set; }
    /// <summary>The product a reorder-due or pair at-risk reminder is about.</summary>
    public long? ProductId { get; set; }
    public Product? Product { get; set; }
    /// <summary>The deal a stalled-deal reminder is about.</summary>
    public long? OpportunityId { get; set; }
    public Opportunity? Opportunity { get; set; }
    /// <summary>What the reminder is about within the customer: <c>product:12</c>, <c>opportunity:7</c> or <c>customer</c>.</summary>
    public string TopicKey { get; set; } = "";
    /// <summary>
    /// The cycle it belongs to: the date of the last order the predicted reorder follows (the customer's last order for a
    /// customer at risk; the last activity for a stalled deal). A new order or activity starts a new cycle.
    /// </summary>
    public DateOnly CycleDate { get; set; }

    /// <summary>The owning rep of the unified customer when the reminder was made (null: the customer had none; reported, not mailed).</summary>
    public long? RepId { get; set; }
    public Rep? Rep { get; set; }

    /// <summary>The business date the reminder was built as of.</summary>
    public DateOnly AsOf { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Snapshot of the names at the time, so the list reads well even if the master data changes.</summary>
    public string CustomerName { get; set; } = "";
    public string? ProductName { get; set; }
    /// <summary>The one sentence "why now", in the rep's language.</summary>
    public string WhyNow { get; set; } = "";
    /// <summary>Every number the reminder and its draft were made from (<see cref="DraftFacts"/> as JSON).</summary>
    public string FactsJson { get; set; } = "{}";

    public long? ContactId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }

    /// <summary>Language of the rep's email (<c>en</c>, <c>zh-TW</c>).</summary>
    public string? RepLanguage { get; set; }
    /// <summary>Language of the draft, the contact's.</summary>
    public string? DraftLanguage { get; set; }
    public string? DraftSubject { get; set; }
    public string? DraftBody { get; set; }
    /// <summary><c>template</c>, or the name of the <see cref="IDraftRewriter"/> that rewrote the draft.</summary>
    public string? DraftSource { get; set; }
    /// <summary>Why there is no draft although the reminder stands (every contact opted out of email).</summary>
    public string? DraftNote { get; set; }
    /// <summary>Why the reminder failed, in words a person can act on (status <see cref="ReminderStatus.Failed"/>).</summary>
    public string? FailureReason { get; set; }

    public ReminderStatus Status { get; set; }

    /// <summary>The draft as the rep edited it (feedback: what reps change in drafts).</summary>
    public string? EditedSubject { get; set; }
    public string? EditedBody { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? SentByRepAt { get; set; }
    public DateTimeOffset? DismissedAt { get; set; }
    /// <summary>Why the rep dismissed it (feedback: which reminders are noise).</summary>
    public string? DismissedReason { get; set; }
    /// <summary>Who marked it sent or dismissed (the signed-in user's email).</summary>
    public string? HandledBy { get; set; }

    /// <summary>
    /// What acting on the reminder is worth, fixed when it was built so the list ranks on what the rep was shown:
    /// <see cref="ValueProbability"/> × <see cref="ValueBasis"/> (see <see cref="ReminderValues"/>). Null on reminders built
    /// before values existed; they sort last.
    /// </summary>
    public decimal? ExpectedValue { get; set; }
    /// <summary>The chance behind <see cref="ExpectedValue"/>: P(an order within <see cref="ValueHorizonDays"/>), or the deal's P(win).</summary>
    public double? ValueProbability { get; set; }
    /// <summary>The amount at stake: the customer's usual order value of the product (all its products for a customer at risk), or the deal's amount.</summary>
    public decimal? ValueBasis { get; set; }
    public ReminderValueBasis? ValueBasisKind { get; set; }
    public int? ValueHorizonDays { get; set; }
    /// <summary>ISO code of <see cref="ExpectedValue"/>: the currency the customer's ERP orders are in (null: unknown).</summary>
    public string? Currency { get; set; }
    /// <summary>The date the reminder is about: the predicted reorder date, the date the order was due by (at risk) or the deal's expected close.</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>The rep put it aside until this business date: hidden from the open list before it, back on it from it.</summary>
    public DateOnly? SnoozedUntil { get; set; }
    /// <summary>Why the rep dismissed it, as a code a model can learn from; <see cref="DismissedReason"/> holds the words.</summary>
    public DismissReason? DismissReasonCode { get; set; }

    /// <summary>The outbox key of the email that told the rep: <c>reminder:{id}</c> or <c>digest:{repId}:{date}</c>; null until mailed.</summary>
    public string? OutboxKey { get; set; }
}
