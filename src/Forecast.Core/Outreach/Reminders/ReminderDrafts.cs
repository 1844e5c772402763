using System.Globalization;
using Forecast.Core.Outreach.Drafting;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>
/// Fills one reminder: the facts the draft may state (usual products, availability, overdue invoices, the open quote),
/// the rep's and the contact's languages, and the drafted email; any problem becomes the reminder's recorded failure.
/// </summary>
public sealed class ReminderDrafts(
    DraftComposer composer,
    IDraftRewriter rewriter,
    IOptions<ReminderOptions> options)
{
    /// <summary>Gathers the facts, chooses the contact and the languages, drafts; any problem becomes the recorded failure reason.</summary>
    internal async Task FillAsync(
        Reminder reminder, ReminderCandidate candidate, CustomerRow customer, Dictionary<long, ProductRow> products, BuildContext context, DateOnly asOf, CancellationToken cancellationToken)
    {
        reminder.CustomerName = customer.Name;
        var owner = customer.OwnerRepId is { } ownerId && context.Reps.TryGetValue(ownerId, out var rep) ? rep : null;
        reminder.RepId = owner?.Id;
        reminder.RepLanguage = owner is null ? composer.LanguageOrDefault(options.Value.RepLanguage) : RepLanguage(owner, context);
        var facts = Facts(candidate, customer, owner, products, context, asOf);
        reminder.ProductName = facts.Product?.Name ?? facts.OpenQuote?.Name;
        reminder.FactsJson = ReminderFacts.Write(facts);
        reminder.WhyNow = facts.WhyNow(CultureInfo.GetCultureInfo(reminder.RepLanguage));

        if (owner is null)
        {
            Fail(reminder, customer.OwnerRepId is null
                ? "The customer has no owning rep, so nobody is told (never two reps). Assign an owner to one of its CRM accounts, then build again."
                : $"The owning rep (CRM id {customer.OwnerRepId}) is inactive or unknown. Reassign the customer's CRM accounts, then build again.");
            return;
        }
        if (ReminderContacts.HasLineBreak(customer.Name))
        {
            Fail(reminder, "The customer's name contains a line break (CR/LF); it would end up in an email header. Fix the name in the ERP or CRM.");
            return;
        }

        var contact = ReminderContacts.Choose(customer, context);
        if (contact.Problem is not null)
        {
            Fail(reminder, contact.Problem);
            return;
        }
        if (contact.OptedOutOnly)
        {
            reminder.DraftNote = NoDraftReasons.AllOptedOut;
            return;
        }
        reminder.ContactId = contact.Id;
        reminder.ContactName = contact.Name;
        reminder.ContactEmail = contact.Email;
        var headerProblem = ReminderContacts.HeaderProblem(contact.Name, contact.Email);
        if (headerProblem is not null)
        {
            Fail(reminder, headerProblem);
            return;
        }

        facts = facts with { ContactName = contact.Name };
        reminder.FactsJson = ReminderFacts.Write(facts);
        try
        {
            var (draft, language) = await composer.DraftForCustomerAsync(facts, contact.Language);
            reminder.DraftLanguage = language;
            reminder.DraftSource = TemplateDraftRewriter.TemplateSource;
            if (options.Value.RewriteDrafts && rewriter is not TemplateDraftRewriter)
            {
                try
                {
                    draft = await rewriter.RewriteAsync(draft, facts, language, cancellationToken);
                    reminder.DraftSource = rewriter.Name;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The template's draft is a good draft: keep it and say why the rewrite is missing.
                    reminder.DraftSource = $"template (rewriter {rewriter.Name} failed: {ex.Message})";
                }
            }
            if (ReminderContacts.HasLineBreak(draft.Subject))
            {
                Fail(reminder, $"The draft's subject contains a line break (from the template '{DraftComposer.CustomerTemplate}.{language}' or the facts); refused to prevent header injection.");
                return;
            }
            reminder.DraftSubject = draft.Subject;
            reminder.DraftBody = draft.Body;
        }
        catch (DraftException ex)
        {
            Fail(reminder, ex.Message);
        }
    }

    private static void Fail(Reminder reminder, string reason)
    {
        reminder.Status = ReminderStatus.Failed;
        reminder.FailureReason = reason;
    }

    private static DraftFacts Facts(
        ReminderCandidate candidate, CustomerRow customer, RepRow? owner, Dictionary<long, ProductRow> products, BuildContext context, DateOnly asOf)
    {
        var customerPairs = customer.ErpCustomerId is { } erp && context.PairsByErpCustomer.TryGetValue(erp, out var list) ? list : [];
        ProductFacts Product(PredictionRow p)
        {
            var product = products[p.ProductId];
            return new ProductFacts(product.Sku, product.Name, product.Unit, p.UsualQuantity, p.LastOrderDate, (int)Math.Round(p.TypicalCycleDays));
        }
        var usual = customerPairs.OrderByDescending(p => p.OrderCount).ThenBy(p => p.ProductId).Take(5).Select(Product).ToList();
        var pair = candidate.ProductId is { } productId ? customerPairs.FirstOrDefault(p => p.ProductId == productId) : null;
        var lastOrder = pair?.LastOrderDate ?? (customerPairs.Count > 0 ? customerPairs.Max(p => p.LastOrderDate) : (DateOnly?)null);

        AvailabilityFacts? availability = null;
        if (pair is not null && pair.UsualQuantity > 0)
            availability = Availability(pair.ProductId, pair.UsualQuantity, context, asOf);

        var deals = context.DealsByCustomer.TryGetValue(customer.Id, out var open) ? open : [];
        var deal = candidate.OpportunityId is { } opportunityId
            ? deals.FirstOrDefault(d => d.Signal.OpportunityId == opportunityId)
            : deals.OrderByDescending(d => candidate.ProductId is { } p && d.ProductIds.Contains(p)).ThenByDescending(d => d.Signal.ExpectedValue).FirstOrDefault();
        var quote = deal is null ? null : new QuoteFacts(deal.Name, deal.Signal.Amount, deal.ExpectedClose, deal.Signal.WinProbability);

        return new DraftFacts(
            candidate.Kind,
            customer.Name,
            ContactName: null,
            RepName: owner?.Name ?? "",
            RepEmail: owner?.Email,
            RepPhone: null,
            Product: pair is null ? null : Product(pair),
            UsualProducts: usual,
            DaysSinceLastOrder: lastOrder is { } last ? asOf.DayNumber - last.DayNumber : null,
            PredictedOrderDate: candidate.Kind == ReminderKind.ReorderDue ? pair?.PredictedDate : null,
            ProbabilityActive: customerPairs.Count > 0 ? customerPairs.Max(p => p.ProbabilityCustomerActive) : null,
            Availability: availability,
            Receivables: customer.ErpCustomerId is { } erpId && context.Overdue.TryGetValue(erpId, out var overdue) ? overdue : null,
            OpenQuote: quote,
            Today: asOf,
            DaysSinceActivity: candidate.Kind == ReminderKind.StalledDeal && deal is not null ? asOf.DayNumber - deal.Signal.LastTouched.DayNumber : null,
            LateSince: candidate.Kind == ReminderKind.AtRisk ? pair?.CycleP90Date : null,
            PredictedOrderFrom: candidate.Kind == ReminderKind.ReorderDue ? pair?.P10Date : null,
            PredictedOrderTo: candidate.Kind == ReminderKind.ReorderDue ? pair?.P90Date : null);
    }

    /// <summary>What the latest stock projection lets the draft promise for the usual quantity (null: no projection for it).</summary>
    private static AvailabilityFacts? Availability(long productId, decimal quantity, BuildContext context, DateOnly asOf)
    {
        if (!context.Availability.TryGetValue(productId, out var product))
            return null;
        var ship = product.EarliestShipDate(quantity);
        var availableNow = product.AvailableToPromise.Count > 0 ? product.AvailableToPromise[0].Quantity : 0;
        // Short unless the usual quantity ships from stock on hand right away.
        var shortNow = ship.Basis != Forecast.Modeling.Inventory.ShipDateBasis.AvailableNow;
        return new AvailabilityFacts(Math.Round(availableNow, 2), ship.Date < asOf ? asOf : ship.Date, shortNow);
    }

    /// <summary>The rep's own choice in the web app, else their CRM team's language, else the configured default.</summary>
    private string RepLanguage(RepRow rep, BuildContext context)
    {
        var settings = options.Value;
        if (context.UserCultures.TryGetValue(rep.Id, out var chosen) && !string.IsNullOrWhiteSpace(chosen))
            return composer.LanguageOrDefault(chosen);
        if (rep.Team is not null && settings.RepLanguageByTeam.TryGetValue(rep.Team, out var byTeam))
            return composer.LanguageOrDefault(byTeam);
        return composer.LanguageOrDefault(settings.RepLanguage);
    }
}
