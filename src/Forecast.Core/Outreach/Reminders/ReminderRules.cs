using Forecast.Core.Outreach.Drafting;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>
/// One customer x product as the latest reorder prediction sees it, and whether an order came since.
/// <see cref="PredictedDate"/> is null when no order is expected within the model's horizon.
/// </summary>
public sealed record PairSignal(
    long UnifiedCustomerId,
    long ProductId,
    int LeadTimeDays,
    DateOnly LastOrderDate,
    int OrderCount,
    double TypicalCycleDays,
    DateOnly? PredictedDate,
    DateOnly? CycleP90Date,
    double ProbabilityCustomerActive,
    double ProbabilityProductActive,
    double ProbabilityPairActive,
    decimal UsualQuantity,
    decimal UnitValue,
    bool OrderedSince);

/// <summary>An open deal of a customer with its latest win probability and the last day anyone touched the account.</summary>
public sealed record DealSignal(long UnifiedCustomerId, long OpportunityId, decimal Amount, double WinProbability, DateOnly LastTouched)
{
    public decimal ExpectedValue => Amount * (decimal)WinProbability;
}

/// <summary>A reminder the rules would make, before cool-down, deduplication and the per-customer limit.</summary>
public sealed record ReminderCandidate(ReminderKind Kind, long UnifiedCustomerId, long? ProductId, long? OpportunityId, DateOnly CycleDate, int Priority, decimal Value)
{
    public string TopicKey => ProductId is { } p ? $"product:{p}" : OpportunityId is { } o ? $"opportunity:{o}" : "customer";

    /// <summary>The unique key of the reminder this candidate would become.</summary>
    public ReminderKey Key => new(UnifiedCustomerId, Kind, TopicKey, CycleDate);
}

public readonly record struct ReminderKey(long UnifiedCustomerId, ReminderKind Kind, string TopicKey, DateOnly CycleDate);

/// <summary>
/// The reminder rules, on numbers only (the job loads them): reorder due, at risk (late by the pair's own cycle, or the
/// customer probably stopped buying) and stalled deal; then the choice per customer (cool-down, one cycle once, the most
/// pressing first).
/// </summary>
public static class ReminderRules
{
    /// <summary>Customer at risk, then a late pair, then a stalled deal, then a reorder due: lower is more pressing.</summary>
    public const int CustomerAtRiskPriority = 0;
    public const int PairLatePriority = 1;
    public const int StalledDealPriority = 2;
    public const int ReorderDuePriority = 3;

    public static List<ReminderCandidate> Evaluate(IReadOnlyCollection<PairSignal> pairs, IReadOnlyCollection<DealSignal> deals, DateOnly asOf, ReminderOptions options)
    {
        var candidates = new List<ReminderCandidate>();
        foreach (var customer in pairs.GroupBy(p => p.UnifiedCustomerId))
        {
            if (IsCustomerAtRisk([.. customer], asOf, options))
            {
                var lastOrder = customer.Max(p => p.LastOrderDate);
                candidates.Add(new ReminderCandidate(ReminderKind.AtRisk, customer.Key, null, null, lastOrder, CustomerAtRiskPriority, customer.Sum(YearlyValue)));
            }

            foreach (var pair in customer)
            {
                if (pair.OrderedSince || pair.OrderCount < options.MinOrders || pair.ProbabilityProductActive < options.MinProductActive)
                    continue;
                if (IsLate(pair, asOf, options))
                {
                    candidates.Add(new ReminderCandidate(ReminderKind.AtRisk, customer.Key, pair.ProductId, null, pair.LastOrderDate, PairLatePriority, YearlyValue(pair)));
                }
                else if (IsDue(pair, asOf, options))
                {
                    candidates.Add(new ReminderCandidate(ReminderKind.ReorderDue, customer.Key, pair.ProductId, null, pair.LastOrderDate, ReorderDuePriority, YearlyValue(pair)));
                }
            }
        }

        var threshold = HighValueThreshold(deals, options);
        foreach (var deal in deals)
        {
            if (deal.ExpectedValue >= threshold && asOf.DayNumber - deal.LastTouched.DayNumber >= options.StalledDealDays)
                candidates.Add(new ReminderCandidate(ReminderKind.StalledDeal, deal.UnifiedCustomerId, null, deal.OpportunityId, deal.LastTouched, StalledDealPriority, deal.ExpectedValue));
        }
        return candidates;
    }

    /// <summary>
    /// The notice window of a pair: its product's lead time plus a week by default (or the fixed window configured), but
    /// never more than <see cref="ReminderOptions.MaxNoticeCycleShare"/> of the pair's own cycle: a customer who buys every
    /// 14 days is not "due" for 28 days ahead, which would make every day of its cycle a due day.
    /// </summary>
    public static int NoticeWindowDays(int leadTimeDays, double typicalCycleDays, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var window = options.NoticeWindowDays ?? Math.Max(0, leadTimeDays) + options.NoticeExtraDays;
        var cap = (int)Math.Floor(options.MaxNoticeCycleShare * Math.Max(1, typicalCycleDays));
        return Math.Max(1, Math.Min(window, cap));
    }

    /// <summary>
    /// Reorder due: an order is expected (a predicted date), it falls inside the notice window, the customer still buys
    /// this product (P(customer active) × P(pair active) at least <see cref="ReminderOptions.MinPairActive"/>), and at least
    /// <see cref="ReminderOptions.MinCycleShareBeforeDue"/> of the pair's cycle has passed since its last order: the day
    /// after an order is never "due".
    /// </summary>
    public static bool IsDue(PairSignal pair, DateOnly asOf, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(options);
        if (pair.PredictedDate is not { } predicted)
            return false;
        var cycle = Math.Max(1, pair.TypicalCycleDays);
        var since = asOf.DayNumber - pair.LastOrderDate.DayNumber;
        return since >= options.MinCycleShareBeforeDue * cycle
            && predicted.DayNumber - asOf.DayNumber <= NoticeWindowDays(pair.LeadTimeDays, cycle, options)
            && pair.ProbabilityCustomerActive * pair.ProbabilityPairActive >= options.MinPairActive;
    }

    /// <summary>Late: past the 90th percentile of its own cycle, but not so long ago that it is old news.</summary>
    public static bool IsLate(PairSignal pair, DateOnly asOf, ReminderOptions options) =>
        pair.CycleP90Date is { } p90
        && asOf > p90
        && asOf.DayNumber - p90.DayNumber <= Math.Max(1, options.AtRiskMaxCyclesLate * pair.TypicalCycleDays);

    /// <summary>
    /// A customer at risk: P(still buying) fell below <see cref="ReminderOptions.AtRiskActiveThreshold"/>, it has bought
    /// often enough to have a habit, nothing came since the predictions, and it is really quiet: silent for at least
    /// <see cref="ReminderOptions.AtRiskMinSilenceDays"/> and <see cref="ReminderOptions.AtRiskCycleMultiple"/> times its
    /// shortest cycle (a customer that ordered yesterday is never "at risk"), yet not so long that it is lost rather
    /// than at risk (<see cref="ReminderOptions.AtRiskMaxSilenceDays"/>).
    /// </summary>
    public static bool IsCustomerAtRisk(IReadOnlyCollection<PairSignal> pairs, DateOnly asOf, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        if (pairs.Count == 0 || pairs.Any(p => p.OrderedSince))
            return false;
        var active = pairs.Max(p => p.ProbabilityCustomerActive);
        var silence = asOf.DayNumber - pairs.Max(p => p.LastOrderDate).DayNumber;
        var shortestCycle = pairs.Min(p => Math.Max(1, p.TypicalCycleDays));
        return active < options.AtRiskActiveThreshold
            && silence <= options.AtRiskMaxSilenceDays
            && silence >= options.AtRiskMinSilenceDays
            && silence >= options.AtRiskCycleMultiple * shortestCycle
            && pairs.Sum(p => p.OrderCount) >= options.AtRiskMinCustomerOrders;
    }

    /// <summary>
    /// The expected value a deal needs to count as "high": the top <see cref="ReminderOptions.StalledDealTopShare"/> of
    /// the open deals, and at least <see cref="ReminderOptions.StalledDealMinExpectedValue"/>.
    /// </summary>
    public static decimal HighValueThreshold(IReadOnlyCollection<DealSignal> deals, ReminderOptions options)
    {
        if (deals.Count == 0)
            return options.StalledDealMinExpectedValue;
        var sorted = deals.Select(d => d.ExpectedValue).OrderDescending().ToList();
        var top = Math.Max(1, (int)Math.Ceiling(sorted.Count * options.StalledDealTopShare));
        return Math.Max(sorted[top - 1], options.StalledDealMinExpectedValue);
    }

    /// <summary>
    /// The reminders to make today: never a cycle twice, nothing for a customer reminded within the cool-down, at most
    /// <see cref="ReminderOptions.MaxPerCustomer"/> per customer, the most pressing (then most valuable) first.
    /// </summary>
    /// <param name="candidates">What <see cref="Evaluate"/> found.</param>
    /// <param name="existing">Keys of the reminders already made that stand (failed ones may be made again).</param>
    /// <param name="lastReminded">Per customer, the as-of date of its latest standing reminder.</param>
    /// <param name="asOf">The day of the build.</param>
    /// <param name="options">Cool-down and the per-customer limit.</param>
    public static List<ReminderCandidate> Choose(
        IEnumerable<ReminderCandidate> candidates, IReadOnlySet<ReminderKey> existing, IReadOnlyDictionary<long, DateOnly> lastReminded, DateOnly asOf, ReminderOptions options)
    {
        var chosen = new List<ReminderCandidate>();
        foreach (var customer in candidates.GroupBy(c => c.UnifiedCustomerId).OrderBy(g => g.Key))
        {
            if (lastReminded.TryGetValue(customer.Key, out var last) && last <= asOf && asOf.DayNumber - last.DayNumber < options.CooldownDays)
                continue;
            chosen.AddRange(customer
                .Where(c => !existing.Contains(c.Key))
                .OrderBy(c => c.Priority).ThenByDescending(c => c.Value).ThenBy(c => c.CycleDate).ThenBy(c => c.TopicKey, StringComparer.Ordinal)
                .Take(options.MaxPerCustomer));
        }
        return chosen;
    }

    /// <summary>Dismissal reasons that say the customer will not buy this product from us now: they silence the pair for a while.</summary>
    public static readonly DismissReason[] SilencingReasons = [DismissReason.AlreadyOrdered, DismissReason.NotBuying];

    /// <summary>
    /// Drops the product reminders (reorder due, late) of pairs a rep dismissed with a <see cref="SilencingReasons"/> reason
    /// fewer than <see cref="ReminderOptions.DismissedCooldownDays"/> business days before <paramref name="asOf"/>; a
    /// dismissal after <paramref name="asOf"/> is not known yet on that day, so replaying a past day gives what live gave.
    /// </summary>
    /// <param name="candidates">What <see cref="Evaluate"/> found.</param>
    /// <param name="lastSilencingDismissal">Per (customer, product), the business date of the latest silencing dismissal.</param>
    /// <param name="asOf">The day of the build.</param>
    /// <param name="options">The cool-down.</param>
    public static List<ReminderCandidate> WithoutDismissedPairs(
        IEnumerable<ReminderCandidate> candidates, IReadOnlyDictionary<(long Customer, long Product), DateOnly> lastSilencingDismissal, DateOnly asOf, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return candidates.Where(c => c.ProductId is not { } product
            || !lastSilencingDismissal.TryGetValue((c.UnifiedCustomerId, product), out var dismissed)
            || dismissed > asOf
            || asOf.DayNumber - dismissed.DayNumber >= options.DismissedCooldownDays).ToList();
    }

    /// <summary>What a pair is worth in a year at its usual quantity and cycle: used to put the bigger customer first.</summary>
    private static decimal YearlyValue(PairSignal pair) =>
        pair.UsualQuantity * pair.UnitValue * (decimal)(365.0 / Math.Max(1.0, pair.TypicalCycleDays));
}
