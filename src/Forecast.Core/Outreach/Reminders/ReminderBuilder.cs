using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
/// The morning's reminders: loads the latest predictions (<see cref="ReminderInputs"/>), applies
/// <see cref="ReminderRules"/>, picks the contact and drafts (<see cref="ReminderDrafts"/>, <see cref="ReminderContacts"/>),
/// stores the reminders (unique per customer, kind, topic and cycle) with their value and puts the reps' emails in the
/// outbox, all in one transaction. Running it again for the same day, or any later day in
/// the same cycle, adds nothing; a reminder that failed (no contact email, a broken template...) is tried again.
/// </summary>
public sealed partial class ReminderBuilder(
    ForecastDbContext db,
    ReminderInputs inputs,
    ReminderDrafts drafts,
    ReminderMailer mailer,
    ReminderInbox inbox,
    LastReminderBuild lastBuild,
    IOptions<ReminderOptions> options,
    IOptions<ScheduleOptions> schedule,
    IOptions<Formatting.MoneyOptions> money,
    TimeProvider time,
    ILogger<ReminderBuilder> log)
{
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
        var steps = new StepTimes(time);
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdvisoryLock.AcquireAsync(db.Database, AdvisoryLockClass.Reminders, 0, cancellationToken);
        // Customers the CRM moved to another rep since the last build take their open reminders with them.
        await inbox.FollowOwnersAsync(cancellationToken);

        var run = await PredictionRuns.LatestSucceeded(db, ReorderModelJob.Kind, asOf).FirstOrDefaultAsync(cancellationToken);
        var warning = run is null ? "No reorder predictions yet: reorder-due and at-risk reminders need the nightly pipeline (forecast run)." : null;

        var customers = await inputs.CustomersAsync(cancellationToken);
        var unifiedByErp = customers.Values.Where(c => c.ErpCustomerId is not null).ToDictionary(c => c.ErpCustomerId!.Value, c => c.Id);
        var products = await inputs.ProductsAsync(cancellationToken);

        var predictions = run is null ? [] : await inputs.PredictionsAsync(run, asOf, cancellationToken);
        var pairs = predictions
            .Where(p => unifiedByErp.ContainsKey(p.CustomerId) && products.ContainsKey(p.ProductId))
            .Select(p => new PairSignal(
                unifiedByErp[p.CustomerId], p.ProductId, products[p.ProductId].LeadTimeDays, p.LastOrderDate, p.OrderCount, p.TypicalCycleDays,
                p.PredictedDate, p.CycleP90Date, p.ProbabilityCustomerActive, p.ProbabilityProductActive, p.ProbabilityPairActive,
                p.UsualQuantity, products[p.ProductId].UnitValue, p.OrderedSince))
            .ToList();
        var deals = await inputs.DealsAsync(asOf, cancellationToken);
        steps.Lap("inputs");

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
        steps.Lap("rules");

        var context = await inputs.ContextAsync(
            chosen.Select(c => c.UnifiedCustomerId).Distinct().ToList(), chosen.Where(c => c.ProductId is not null).Select(c => c.ProductId!.Value).Distinct().ToList(),
            customers, predictions, deals, asOf, cancellationToken);
        steps.Lap("context");
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
            await drafts.FillAsync(reminder, candidate, customers[candidate.UnifiedCustomerId], products, context, asOf, cancellationToken);
            SetValue(reminder, candidate, customers[candidate.UnifiedCustomerId], products, context);
            made.Add(reminder);
        }
        steps.Lap("drafts");
        await db.SaveChangesAsync(cancellationToken);
        steps.Lap("save");

        var mail = await mailer.EnqueueAsync(asOf, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        steps.Lap("mail");

        var failed = made.Where(r => r.Status == ReminderStatus.Failed).ToList();
        LogBuilt(asOf, made.Count, failed.Count, mail.Emails, mail.Digests, steps.ToString());
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders as of {AsOf}: {Made} made ({Failed} failed); {Emails} rep email(s), {Digests} digest(s) queued; seconds per step: {Steps}")]
    private partial void LogBuilt(DateOnly asOf, int made, int failed, int emails, int digests, string steps);
}
