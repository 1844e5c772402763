using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>What one build made, for the CLI's summary and the logs.</summary>
public sealed record ReminderBuildSummary(
    DateOnly AsOf,
    long? ReorderRunId,
    DateOnly? PredictionsAsOf,
    int Candidates,
    int Created,
    int Retried,
    IReadOnlyDictionary<ReminderKind, int> ByKind,
    int Failed,
    int WithoutOwner,
    int CoolingDown,
    int RepEmails,
    int Digests,
    IReadOnlyList<string> Failures,
    string? Warning);

/// <summary>The summary of the last build this process made (the stage interface returns nothing; the CLI prints this).</summary>
public sealed class LastReminderBuild
{
    public ReminderBuildSummary? Summary { get; set; }
}

/// <summary>
/// The morning's reminders: loads the latest predictions, applies <see cref="ReminderRules"/>, picks the contact and the
/// languages, drafts the emails from the templates, stores the reminders (unique per customer, kind, topic and cycle) and
/// puts the reps' emails in the outbox, all in one transaction. Running it again for the same day, or any later day in
/// the same cycle, adds nothing; a reminder that failed (no contact email, a broken template...) is tried again.
/// </summary>
public sealed partial class ReminderBuilder(
    ForecastDbContext db,
    DraftComposer composer,
    InventoryQueries inventory,
    ReminderMailer mailer,
    ReminderInbox inbox,
    IDraftRewriter rewriter,
    LastReminderBuild lastBuild,
    IOptions<ReminderOptions> options,
    IOptions<ScheduleOptions> schedule,
    IOptions<Formatting.MoneyOptions> money,
    TimeProvider time,
    ILogger<ReminderBuilder> log)
{
    /// <summary>The usual order value looks at this many of the pair's latest lines: what the customer buys now, not years ago.</summary>
    private const int RecentLinesForValue = 12;

    /// <summary>
    /// Per customer x product, the business date of the latest dismissal that says the customer will not buy it now (from
    /// the action log, so a later snooze or edit does not hide it).
    /// </summary>
    public async Task<Dictionary<(long Customer, long Product), DateOnly>> SilencingDismissalsAsync(CancellationToken cancellationToken)
    {
        var reasons = ReminderRules.SilencingReasons.Cast<DismissReason?>().ToList();
        var rows = await db.ReminderActions.AsNoTracking()
            .Where(a => a.Kind == ReminderActionKind.Dismissed && reasons.Contains(a.ReasonCode) && a.Reminder!.ProductId != null)
            .Select(a => new { a.Reminder!.UnifiedCustomerId, ProductId = a.Reminder.ProductId!.Value, a.At })
            .ToListAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.Value.TimeZone);
        return rows.GroupBy(r => (r.UnifiedCustomerId, r.ProductId))
            .ToDictionary(g => g.Key, g => g.Max(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.At, zone).DateTime)));
    }

    public async Task<ReminderBuildSummary> BuildAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdvisoryLock.AcquireAsync(db.Database, AdvisoryLockClass.Reminders, 0, cancellationToken);
        // Customers the CRM moved to another rep since the last build take their open reminders with them.
        await inbox.FollowOwnersAsync(cancellationToken);

        var run = await PredictionRuns.LatestSucceeded(db, ReorderModelJob.Kind, asOf).FirstOrDefaultAsync(cancellationToken);
        var warning = run is null ? "No reorder predictions yet: reorder-due and at-risk reminders need the nightly pipeline (forecast run)." : null;

        var customers = await db.UnifiedCustomers.AsNoTracking()
            .Select(c => new CustomerRow(c.Id, c.DisplayName, c.ErpCustomerId, c.OwnerRepId))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var unifiedByErp = customers.Values.Where(c => c.ErpCustomerId is not null).ToDictionary(c => c.ErpCustomerId!.Value, c => c.Id);
        var products = await db.Products.AsNoTracking()
            .Select(p => new ProductRow(p.Id, p.Sku, p.Name, p.Unit, p.LeadTimeDays, p.ListPrice ?? p.UnitCost ?? 0))
            .ToDictionaryAsync(p => p.Id, cancellationToken);

        var predictions = run is null ? [] : await LoadPredictionsAsync(run, asOf, cancellationToken);
        var pairs = predictions
            .Where(p => unifiedByErp.ContainsKey(p.CustomerId) && products.ContainsKey(p.ProductId))
            .Select(p => new PairSignal(
                unifiedByErp[p.CustomerId], p.ProductId, products[p.ProductId].LeadTimeDays, p.LastOrderDate, p.OrderCount, p.TypicalCycleDays,
                p.PredictedDate, p.CycleP90Date, p.ProbabilityCustomerActive, p.ProbabilityProductActive, p.ProbabilityPairActive,
                p.UsualQuantity, products[p.ProductId].UnitValue, p.OrderedSince))
            .ToList();
        var deals = await LoadDealsAsync(asOf, cancellationToken);

        var dismissals = await SilencingDismissalsAsync(cancellationToken);
        var candidates = ReminderRules.WithoutDismissedPairs(ReminderRules.Evaluate(pairs, deals.Select(d => d.Signal).ToList(), asOf, settings), dismissals, asOf, settings);
        var existing = await db.Set<Reminder>().AsNoTracking()
            .Select(r => new { r.Id, r.UnifiedCustomerId, r.Kind, r.TopicKey, r.CycleDate, r.Status, r.AsOf })
            .ToListAsync(cancellationToken);
        var standing = existing.Where(r => r.Status != ReminderStatus.Failed)
            .Select(r => new ReminderKey(r.UnifiedCustomerId, r.Kind, r.TopicKey, r.CycleDate)).ToHashSet();
        var failedIds = existing.Where(r => r.Status == ReminderStatus.Failed)
            .ToDictionary(r => new ReminderKey(r.UnifiedCustomerId, r.Kind, r.TopicKey, r.CycleDate), r => r.Id);
        var lastReminded = existing.Where(r => r.Status != ReminderStatus.Failed && r.AsOf <= asOf)
            .GroupBy(r => r.UnifiedCustomerId).ToDictionary(g => g.Key, g => g.Max(r => r.AsOf));
        var chosen = ReminderRules.Choose(candidates, standing, lastReminded, asOf, settings);
        var coolingDown = candidates.Select(c => c.UnifiedCustomerId).Distinct()
            .Count(id => lastReminded.TryGetValue(id, out var last) && asOf.DayNumber - last.DayNumber < settings.CooldownDays);

        var context = await LoadContextAsync(chosen.Select(c => c.UnifiedCustomerId).Distinct().ToList(), customers, predictions, deals, asOf, cancellationToken);
        var now = time.GetUtcNow();
        var made = new List<Reminder>();
        var retriedRows = new HashSet<Reminder>();
        foreach (var candidate in chosen)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Reminder reminder;
            if (failedIds.TryGetValue(candidate.Key, out var failedId))
            {
                reminder = await db.Set<Reminder>().SingleAsync(r => r.Id == failedId, cancellationToken);
                ResetForRetry(reminder);
                retriedRows.Add(reminder);
            }
            else
            {
                reminder = new Reminder
                {
                    Kind = candidate.Kind, UnifiedCustomerId = candidate.UnifiedCustomerId, ProductId = candidate.ProductId,
                    OpportunityId = candidate.OpportunityId, TopicKey = candidate.TopicKey, CycleDate = candidate.CycleDate, CreatedAt = now,
                };
                db.Add(reminder);
            }
            reminder.AsOf = asOf;
            reminder.UpdatedAt = now;
            await FillAsync(reminder, candidate, customers[candidate.UnifiedCustomerId], products, context, asOf, cancellationToken);
            SetValue(reminder, candidate, customers[candidate.UnifiedCustomerId], products, context);
            made.Add(reminder);
        }
        await db.SaveChangesAsync(cancellationToken);

        var mail = await mailer.EnqueueAsync(asOf, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var failed = made.Where(r => r.Status == ReminderStatus.Failed).ToList();
        LogBuilt(asOf, made.Count, failed.Count, mail.Emails, mail.Digests);
        return lastBuild.Summary = new ReminderBuildSummary(
            asOf, run?.Id, run?.AsOf, candidates.Count, made.Count - retriedRows.Count, retriedRows.Count,
            made.Where(r => !retriedRows.Contains(r)).GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()),
            failed.Count, made.Count(r => r.RepId is null), coolingDown, mail.Emails, mail.Digests,
            failed.Select(r => $"#{r.Id} {r.CustomerName}{(r.ProductName is null ? "" : $" / {r.ProductName}")}: {r.FailureReason}").ToList(),
            warning);
    }

    private static void ResetForRetry(Reminder reminder)
    {
        reminder.Status = ReminderStatus.New;
        reminder.FailureReason = null;
        reminder.DraftNote = null;
        reminder.DraftSubject = null;
        reminder.DraftBody = null;
        reminder.DraftLanguage = null;
        reminder.DraftSource = null;
        reminder.ContactId = null;
        reminder.ContactName = null;
        reminder.ContactEmail = null;
        reminder.OutboxKey = null;
    }

    /// <summary>Gathers the facts, chooses the contact and the languages, drafts; any problem becomes the recorded failure reason.</summary>
    private async Task FillAsync(
        Reminder reminder, ReminderCandidate candidate, CustomerRow customer, Dictionary<long, ProductRow> products, BuildContext context, DateOnly asOf, CancellationToken cancellationToken)
    {
        reminder.CustomerName = customer.Name;
        var owner = customer.OwnerRepId is { } ownerId && context.Reps.TryGetValue(ownerId, out var rep) ? rep : null;
        reminder.RepId = owner?.Id;
        reminder.RepLanguage = owner is null ? composer.LanguageOrDefault(options.Value.RepLanguage) : RepLanguage(owner, context);
        var facts = await FactsAsync(candidate, customer, owner, products, context, asOf, cancellationToken);
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
        if (HasLineBreak(customer.Name))
        {
            Fail(reminder, "The customer's name contains a line break (CR/LF); it would end up in an email header. Fix the name in the ERP or CRM.");
            return;
        }

        var contact = ChooseContact(customer, context);
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
        var headerProblem = HeaderProblem(contact.Name, contact.Email);
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
            if (HasLineBreak(draft.Subject))
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

    /// <summary>The expected value and the due date, fixed at build time so the rep's ranking does not shift under them.</summary>
    private void SetValue(Reminder reminder, ReminderCandidate candidate, CustomerRow customer, Dictionary<long, ProductRow> products, BuildContext context)
    {
        var currency = customer.ErpCustomerId is { } erp ? context.Currencies.GetValueOrDefault(erp) : null;
        ReminderValue? value = null;
        DateOnly? due = null;
        if (candidate.Kind == ReminderKind.StalledDeal)
        {
            var deal = context.DealsByCustomer.TryGetValue(customer.Id, out var deals) ? deals.FirstOrDefault(d => d.Signal.OpportunityId == candidate.OpportunityId) : null;
            if (deal is not null)
                (value, due) = (ReminderValues.ForDeal(deal.Signal.Amount, deal.Signal.WinProbability, money.Value.HomeCurrency), deal.ExpectedClose);
        }
        else
        {
            var pairs = customer.ErpCustomerId is { } erpId && context.PairsByErpCustomer.TryGetValue(erpId, out var list) ? list : [];
            PairValueInput Input(PredictionRow p) => new(p.ProbabilityWithinHorizon, p.HorizonDays,
                context.LineValues.TryGetValue((p.CustomerId, p.ProductId), out var lines) ? lines : [], p.UsualQuantity,
                products.TryGetValue(p.ProductId, out var product) ? product.UnitValue : 0);
            if (candidate.ProductId is { } productId)
            {
                if (pairs.FirstOrDefault(p => p.ProductId == productId) is { } pair)
                    (value, due) = (ReminderValues.ForPair(Input(pair), currency), candidate.Kind == ReminderKind.ReorderDue ? pair.PredictedDate : pair.CycleP90Date);
            }
            else if (pairs.Count > 0)
            {
                // The customer should have ordered again by the earliest of its products' usual latest dates.
                (value, due) = (ReminderValues.ForCustomer(pairs.Select(Input).ToList(), currency), pairs.Min(p => p.CycleP90Date));
            }
        }
        reminder.ExpectedValue = value?.ExpectedValue;
        reminder.ValueProbability = value?.Probability;
        reminder.ValueBasis = value?.Basis;
        reminder.ValueBasisKind = value?.Kind;
        reminder.ValueHorizonDays = value?.HorizonDays;
        reminder.Currency = value?.Currency ?? currency;
        reminder.DueDate = due;
    }

    private static void Fail(Reminder reminder, string reason)
    {
        reminder.Status = ReminderStatus.Failed;
        reminder.FailureReason = reason;
    }

    private async Task<DraftFacts> FactsAsync(
        ReminderCandidate candidate, CustomerRow customer, RepRow? owner, Dictionary<long, ProductRow> products, BuildContext context, DateOnly asOf, CancellationToken cancellationToken)
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
            availability = await AvailabilityAsync(pair.ProductId, pair.UsualQuantity, asOf, cancellationToken);

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
    private async Task<AvailabilityFacts?> AvailabilityAsync(long productId, decimal quantity, DateOnly asOf, CancellationToken cancellationToken)
    {
        var projection = await inventory.ProductAsync(productId, cancellationToken, asOf);
        var ship = await inventory.EarliestShipDateAsync(productId, quantity, cancellationToken, asOf);
        if (projection is null || ship is null)
            return null;
        var availableNow = projection.AvailableToPromise.Count > 0 ? projection.AvailableToPromise[0].Quantity : 0;
        // Short unless the usual quantity ships from stock on hand right away.
        var shortNow = ship.Basis != Forecast.Modeling.Inventory.ShipDateBasis.AvailableNow;
        return new AvailabilityFacts(Math.Round(availableNow, 2), ship.Date < asOf ? asOf : ship.Date, shortNow);
    }

    private ContactChoice ChooseContact(CustomerRow customer, BuildContext context)
    {
        var contacts = context.ContactsByCustomer.TryGetValue(customer.Id, out var list) ? list : [];
        var erp = customer.ErpCustomerId is { } erpId && context.ErpCustomers.TryGetValue(erpId, out var e) ? e : null;
        if (contacts.Count == 0)
        {
            // No CRM contact at all: the ERP's customer email is the one address known (addressed to the company).
            if (erp is not null && !string.IsNullOrWhiteSpace(erp.Email))
                return new ContactChoice(null, null, erp.Email.Trim(), erp.Language, null, false);
            return new ContactChoice(null, null, null, null,
                "The customer has no contact in the CRM and no email in the ERP, so the draft has nobody to address. Add a contact with an email in the CRM.", false);
        }
        var willing = contacts.Where(c => !c.OptedOut).ToList();
        if (willing.Count == 0)
            return new ContactChoice(null, null, null, null, null, OptedOutOnly: true);
        // The person the rep spoke to last, among those with an address.
        var best = willing
            .OrderByDescending(c => !string.IsNullOrWhiteSpace(c.Email))
            .ThenByDescending(c => context.LastContactActivity.TryGetValue(c.Id, out var d) ? d.DayNumber : int.MinValue)
            .ThenBy(c => c.Id)
            .First();
        if (string.IsNullOrWhiteSpace(best.Email))
        {
            return new ContactChoice(best.Id, best.Name, null, best.Language,
                $"No contact of this customer has an email address ({string.Join(", ", willing.Select(c => c.Name.ReplaceLineEndings(" ")).Take(3))}). Add one in the CRM.", false);
        }
        return new ContactChoice(best.Id, best.Name, best.Email.Trim(), best.Language ?? erp?.Language, null, false);
    }

    /// <summary>Why the contact cannot be addressed in an email header, or null.</summary>
    internal static string? HeaderProblem(string? name, string? email)
    {
        if (HasLineBreak(name))
            return "The contact's name contains a line break (CR/LF); refused to prevent header injection. Fix the name in the CRM.";
        if (HasLineBreak(email))
            return "The contact's email address contains a line break (CR/LF); refused to prevent header injection. Fix the address in the CRM.";
        if (email is null || !MailboxAddress.TryParse(email, out var parsed) || parsed.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
            return $"The contact's email address '{email}' is not valid. Fix it in the CRM.";
        return null;
    }

    private static bool HasLineBreak(string? value) => value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0;

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

    private async Task<List<PredictionRow>> LoadPredictionsAsync(PredictionRun run, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await db.ReorderPredictions.AsNoTracking()
            .Where(r => r.PredictionRunId == run.Id)
            .Select(r => new PredictionRow(r.CustomerId, r.ProductId, r.LastOrderDate, r.OrderCount, r.TypicalCycleDays, r.PredictedDate, r.CycleP90Date,
                r.ProbabilityCustomerActive, r.ProbabilityProductActive, r.ProbabilityPairActive, r.UsualQuantity, false, r.P10Date, r.P90Date,
                r.ProbabilityWithinHorizon, r.HorizonDays))
            .ToListAsync(cancellationToken);
        if (run.AsOf >= asOf)
            return rows;
        // Orders that arrived after the predictions were made: those cycles are over.
        var since = await (
                from line in db.SalesOrderLines.AsNoTracking()
                join order in db.SalesOrders.AsNoTracking() on line.SalesOrderId equals order.Id
                where order.OrderDate > run.AsOf && order.OrderDate <= asOf && !line.IsReturn && order.Status != SalesOrderStatus.Cancelled
                select new { order.CustomerId, line.ProductId })
            .Distinct()
            .ToListAsync(cancellationToken);
        var ordered = since.Select(s => (s.CustomerId, s.ProductId)).ToHashSet();
        return rows.Select(r => ordered.Contains((r.CustomerId, r.ProductId)) ? r with { OrderedSince = true } : r).ToList();
    }

    private async Task<List<DealRow>> LoadDealsAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var links = await db.CustomerAccountLinks.AsNoTracking().Select(l => new { l.CrmAccountId, l.UnifiedCustomerId }).ToListAsync(cancellationToken);
        var customerOfAccount = links.ToDictionary(l => l.CrmAccountId, l => l.UnifiedCustomerId);
        var open = await db.Opportunities.AsNoTracking()
            .Where(o => o.Outcome == OpportunityOutcome.Open && o.CreatedOn <= asOf)
            .Select(o => new { o.Id, o.AccountId, o.Name, o.Amount, o.CreatedOn, o.ExpectedClose, Products = o.Lines.Select(l => l.ProductId).ToList() })
            .ToListAsync(cancellationToken);
        var openIds = open.Select(o => o.Id).ToList();
        var scores = (await db.OpportunityScores.AsNoTracking()
                .Where(s => openIds.Contains(s.OpportunityId) && s.AsOf <= asOf)
                .Select(s => new { s.OpportunityId, s.AsOf, s.Id, s.Probability })
                .ToListAsync(cancellationToken))
            .GroupBy(s => s.OpportunityId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id).First().Probability);
        var lastActivity = (await db.Activities.AsNoTracking()
                .Where(a => a.OccurredOn <= asOf)
                .GroupBy(a => a.AccountId)
                .Select(g => new { AccountId = g.Key, Last = g.Max(a => a.OccurredOn) })
                .ToListAsync(cancellationToken))
            .Where(a => customerOfAccount.ContainsKey(a.AccountId))
            .GroupBy(a => customerOfAccount[a.AccountId])
            .ToDictionary(g => g.Key, g => g.Max(a => a.Last));

        // A deal without a score yet has no expected value to rank by: it waits for the nightly win-probability stage.
        return open
            .Where(o => customerOfAccount.ContainsKey(o.AccountId) && scores.ContainsKey(o.Id))
            .Select(o =>
            {
                var customer = customerOfAccount[o.AccountId];
                var touched = lastActivity.TryGetValue(customer, out var last) && last > o.CreatedOn ? last : o.CreatedOn;
                return new DealRow(new DealSignal(customer, o.Id, o.Amount, scores[o.Id], touched), o.Name, o.ExpectedClose, o.Products.ToHashSet());
            })
            .ToList();
    }

    private async Task<BuildContext> LoadContextAsync(
        List<long> customerIds, Dictionary<long, CustomerRow> customers, List<PredictionRow> predictions, List<DealRow> deals, DateOnly asOf, CancellationToken cancellationToken)
    {
        var erpIds = customerIds.Select(id => customers[id].ErpCustomerId).Where(id => id is not null).Select(id => id!.Value).ToList();
        var erpSet = erpIds.ToHashSet();
        var reps = await db.Reps.AsNoTracking().Where(r => r.Active)
            .Select(r => new RepRow(r.Id, r.Name, r.Email, r.Team))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var userCultures = (await db.Users.AsNoTracking()
                .Where(u => u.RepId != null && u.PreferredCulture != null)
                .Select(u => new { RepId = u.RepId!.Value, u.PreferredCulture })
                .ToListAsync(cancellationToken))
            .GroupBy(u => u.RepId).ToDictionary(g => g.Key, g => g.First().PreferredCulture);

        var links = await db.CustomerAccountLinks.AsNoTracking()
            .Where(l => customerIds.Contains(l.UnifiedCustomerId))
            .Select(l => new { l.CrmAccountId, l.UnifiedCustomerId })
            .ToListAsync(cancellationToken);
        var accountIds = links.Select(l => l.CrmAccountId).ToList();
        var customerOfAccount = links.ToDictionary(l => l.CrmAccountId, l => l.UnifiedCustomerId);
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => accountIds.Contains(c.AccountId))
            .Select(c => new ContactRow(c.Id, c.AccountId, c.Name, c.Email, c.PreferredLanguage, c.OptedOut))
            .ToListAsync(cancellationToken);
        var contactIds = contacts.Select(c => c.Id).ToList();
        var lastContactActivity = await db.Activities.AsNoTracking()
            .Where(a => a.ContactId != null && contactIds.Contains(a.ContactId.Value) && a.OccurredOn <= asOf)
            .GroupBy(a => a.ContactId!.Value)
            .Select(g => new { ContactId = g.Key, Last = g.Max(a => a.OccurredOn) })
            .ToDictionaryAsync(a => a.ContactId, a => a.Last, cancellationToken);

        var erpCustomers = await db.ErpCustomers.AsNoTracking()
            .Where(c => erpIds.Contains(c.Id))
            .Select(c => new ErpRow(c.Id, c.Email, c.Language))
            .ToDictionaryAsync(c => c.Id, cancellationToken);

        var overdueBefore = asOf.AddDays(-options.Value.OverdueGraceDays);
        var overdue = (await db.Invoices.AsNoTracking()
                .Where(i => erpIds.Contains(i.CustomerId) && i.InvoiceDate <= asOf && i.DueDate < overdueBefore && i.Amount > i.PaidAmount)
                .Select(i => new { i.CustomerId, i.Currency, Open = i.Amount - i.PaidAmount, i.DueDate })
                .ToListAsync(cancellationToken))
            .GroupBy(i => i.CustomerId)
            .ToDictionary(g => g.Key, g =>
            {
                // One currency per sentence: the one with the most money overdue.
                var main = g.GroupBy(i => i.Currency ?? "").OrderByDescending(c => c.Sum(i => i.Open)).First();
                return new ReceivablesFacts(main.Sum(i => i.Open), main.Key, main.Min(i => i.DueDate), main.Count());
            });

        // The usual order value of each product comes from the customer's recent ERP lines, as known on the as-of day.
        var lines = await (
                from line in db.SalesOrderLines.AsNoTracking()
                join order in db.SalesOrders.AsNoTracking() on line.SalesOrderId equals order.Id
                where erpIds.Contains(order.CustomerId) && order.OrderDate <= asOf && !line.IsReturn && line.Quantity > 0
                      && order.Status != SalesOrderStatus.Cancelled
                select new { order.CustomerId, line.ProductId, order.OrderDate, Value = line.Quantity * line.UnitPrice })
            .ToListAsync(cancellationToken);
        var lineValues = lines.GroupBy(l => (l.CustomerId, l.ProductId))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.OrderDate).Take(RecentLinesForValue).Select(l => l.Value).ToList());
        var currencies = await Formatting.CustomerCurrency.OfAsync(db, erpIds, asOf, money.Value.HomeCurrency, cancellationToken);

        return new BuildContext(
            reps,
            userCultures,
            contacts.GroupBy(c => customerOfAccount[c.AccountId]).ToDictionary(g => g.Key, g => g.ToList()),
            lastContactActivity,
            erpCustomers,
            overdue,
            predictions.Where(p => erpSet.Contains(p.CustomerId)).GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.ToList()),
            deals.GroupBy(d => d.Signal.UnifiedCustomerId).ToDictionary(g => g.Key, g => g.ToList()),
            lineValues,
            currencies);
    }

    private sealed record CustomerRow(long Id, string Name, long? ErpCustomerId, long? OwnerRepId);
    private sealed record ProductRow(long Id, string Sku, string Name, string? Unit, int LeadTimeDays, decimal UnitValue);
    private sealed record RepRow(long Id, string Name, string Email, string? Team);
    private sealed record ContactRow(long Id, long AccountId, string Name, string? Email, string? Language, bool OptedOut);
    private sealed record ErpRow(long Id, string? Email, string? Language);
    private sealed record ContactChoice(long? Id, string? Name, string? Email, string? Language, string? Problem, bool OptedOutOnly);

    private sealed record PredictionRow(
        long CustomerId, long ProductId, DateOnly LastOrderDate, int OrderCount, double TypicalCycleDays, DateOnly? PredictedDate, DateOnly? CycleP90Date,
        double ProbabilityCustomerActive, double ProbabilityProductActive, double ProbabilityPairActive, decimal UsualQuantity, bool OrderedSince,
        DateOnly? P10Date, DateOnly? P90Date, double ProbabilityWithinHorizon, int HorizonDays);

    private sealed record DealRow(DealSignal Signal, string Name, DateOnly? ExpectedClose, HashSet<long> ProductIds);

    private sealed record BuildContext(
        Dictionary<long, RepRow> Reps,
        Dictionary<long, string?> UserCultures,
        Dictionary<long, List<ContactRow>> ContactsByCustomer,
        Dictionary<long, DateOnly> LastContactActivity,
        Dictionary<long, ErpRow> ErpCustomers,
        Dictionary<long, ReceivablesFacts> Overdue,
        Dictionary<long, List<PredictionRow>> PairsByErpCustomer,
        Dictionary<long, List<DealRow>> DealsByCustomer,
        Dictionary<(long ErpCustomerId, long ProductId), List<decimal>> LineValues,
        Dictionary<long, string> Currencies);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders as of {AsOf}: {Made} made ({Failed} failed); {Emails} rep email(s), {Digests} digest(s) queued")]
    private partial void LogBuilt(DateOnly asOf, int made, int failed, int emails, int digests);
}
