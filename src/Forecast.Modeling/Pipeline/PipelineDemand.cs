namespace Forecast.Modeling.Pipeline;

/// <summary>
/// One product line of an opportunity: <see cref="Quantity"/> units that will be ordered if the deal is won
/// (probability <see cref="WinProbability"/>), when it closes (plus the close-to-order delay the calculator is given),
/// shifted by a further <see cref="LeadTimeDays"/>. <see cref="IsNewBusiness"/> marks units the demand baseline cannot
/// already contain (a prospect, or a product the customer has not been buying). <see cref="ClosedOn"/> is set for a deal
/// already won whose order has not arrived yet: its close day is known, and only the order delay is uncertain.
/// </summary>
public sealed record PipelineLine(
    string OpportunityId,
    string ProductKey,
    double Quantity,
    double WinProbability,
    DateOnly OpenedOn,
    DateOnly? ExpectedCloseOn,
    int LeadTimeDays,
    bool IsNewBusiness = true,
    DateOnly? ClosedOn = null);

/// <summary>
/// Expected pipeline demand of one product in one period, with its variance: all of it, and the part from
/// new business (the layer to add to a baseline forecast without counting repeat business twice).
/// </summary>
public sealed record PipelineDemandPoint(string ProductKey, DateOnly PeriodStart, double ExpectedUnits, double Variance, double NewBusinessUnits = 0, double NewBusinessVariance = 0);

/// <summary>What fell outside the periods, per product (expected units), so totals can be reconciled.</summary>
public sealed record PipelineDemandResult(
    IReadOnlyList<PipelineDemandPoint> Points,
    IReadOnlyDictionary<string, double> ExpectedUnitsBeyondHorizon,
    IReadOnlyDictionary<string, double> ExpectedUnitsTotal);

/// <summary>
/// Pipeline-weighted demand: each open opportunity's units for a product arrive as one lump X = Q·W·1[T in k],
/// where W ~ Bernoulli(p) is the win and T the demand day = close day + order delay (+ a fixed lead time, 0 for demand
/// counted by order date). The close day comes from the
/// expected close date plus a slip drawn from how late won deals really closed against their expected date
/// (<see cref="DayOffsetDistribution"/>), or, without an expected date, from the opened day plus how long won
/// deals stayed open; both conditioned on the deal not having closed by the as-of day. The order delay (how long after
/// its close a won deal's order arrived) is drawn independently; the demand day is conditioned on lying after the as-of
/// day (an order already placed is in the order history). Per period k:
/// E[X_k] = Q·p·π_k and Var[X_k] = Q²·p·π_k·(1 - p·π_k); opportunities are independent, so their means and
/// variances add. The win and timing of one opportunity are shared by its lines (they are summed per product
/// before the variance). Cf. the probability-weighted pipeline of sales forecasting practice, with the timing
/// spread that Syntetos &amp; Boylan's intermittent-demand view of lumpy orders calls for (IJF 21, 2005).
/// </summary>
public static class PipelineDemandCalculator
{
    /// <param name="lines">Open opportunity lines.</param>
    /// <param name="periodStarts">The periods' first days, increasing; each period ends where the next starts.</param>
    /// <param name="horizonEnd">The day after the last period.</param>
    /// <param name="asOf">Deals are open at the end of this day, so they close from the next day on.</param>
    /// <param name="slip">Days from expected close to actual close of won deals.</param>
    /// <param name="duration">Days from opened to close of won deals (for lines without an expected close).</param>
    /// <param name="orderDelay">Days from a won deal's close to its order; null: the order comes on the close day.</param>
    public static PipelineDemandResult Compute(
        IEnumerable<PipelineLine> lines,
        IReadOnlyList<DateOnly> periodStarts,
        DateOnly horizonEnd,
        DateOnly asOf,
        DayOffsetDistribution slip,
        DayOffsetDistribution duration,
        DayOffsetDistribution? orderDelay = null)
    {
        if (periodStarts.Count == 0)
            throw new ArgumentException("At least one period is needed.", nameof(periodStarts));
        for (var i = 1; i < periodStarts.Count; i++)
        {
            if (periodStarts[i] <= periodStarts[i - 1])
                throw new ArgumentException("Period starts must increase.", nameof(periodStarts));
        }
        if (horizonEnd <= periodStarts[^1])
            throw new ArgumentException("The horizon must end after the last period starts.", nameof(horizonEnd));

        var mean = new Dictionary<(string Product, int Period), double>();
        var variance = new Dictionary<(string Product, int Period), double>();
        var newMean = new Dictionary<(string Product, int Period), double>();
        var newVariance = new Dictionary<(string Product, int Period), double>();
        var beyond = new Dictionary<string, double>(StringComparer.Ordinal);
        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        var firstOpen = asOf.AddDays(1);

        // Lines of one opportunity and product share the win and the timing: one lump.
        var lumps = lines.Where(l => l.Quantity != 0 && l.WinProbability > 0)
            .GroupBy(l => (l.OpportunityId, l.ProductKey))
            .Select(g => (g.Key.ProductKey, Quantity: g.Sum(l => l.Quantity), P: Math.Clamp(g.Max(l => l.WinProbability), 0, 1), Line: g.First(), Lead: g.Max(l => l.LeadTimeDays), New: g.All(l => l.IsNewBusiness)));
        var delays = (orderDelay ?? DayOffsetDistribution.PointMass(0)).Points;
        foreach (var (product, quantity, p, line, lead, isNew) in lumps)
        {
            total[product] = total.GetValueOrDefault(product) + (quantity * p);
            var share = new Dictionary<int, double>();
            foreach (var (day, probability) in DemandDays(line, firstOpen, slip, duration, delays, lead))
            {
                var k = PeriodOf(periodStarts, horizonEnd, DateOnly.FromDayNumber(day));
                if (k < 0)
                    beyond[product] = beyond.GetValueOrDefault(product) + (quantity * p * probability);
                else
                    share[k] = share.GetValueOrDefault(k) + probability;
            }
            foreach (var (k, pi) in share)
            {
                var q = p * pi;
                mean[(product, k)] = mean.GetValueOrDefault((product, k)) + (quantity * q);
                variance[(product, k)] = variance.GetValueOrDefault((product, k)) + (quantity * quantity * q * (1 - q));
                if (isNew)
                {
                    newMean[(product, k)] = newMean.GetValueOrDefault((product, k)) + (quantity * q);
                    newVariance[(product, k)] = newVariance.GetValueOrDefault((product, k)) + (quantity * quantity * q * (1 - q));
                }
            }
        }

        var points = mean.OrderBy(kv => kv.Key.Product, StringComparer.Ordinal).ThenBy(kv => kv.Key.Period)
            .Select(kv => new PipelineDemandPoint(
                kv.Key.Product, periodStarts[kv.Key.Period], kv.Value, variance[kv.Key],
                newMean.GetValueOrDefault(kv.Key), newVariance.GetValueOrDefault(kv.Key)))
            .ToArray();
        return new PipelineDemandResult(points, beyond, total);
    }

    /// <summary>
    /// The distribution of the lump's demand day (as day numbers): close day ⊕ order delay ⊕ lead time, given that it
    /// falls after the as-of day. When no mass is left there, all of it goes to the first open day (the least
    /// presumptuous guess, as <see cref="DayOffsetDistribution.AtLeast"/>).
    /// </summary>
    private static List<(int Day, double Probability)> DemandDays(
        PipelineLine line, DateOnly firstOpen, DayOffsetDistribution slip, DayOffsetDistribution duration,
        IReadOnlyList<(int Days, double Probability)> delays, int lead)
    {
        IEnumerable<(int Day, double Probability)> closes;
        if (line.ClosedOn is { } closed)
        {
            closes = [(closed.DayNumber, 1.0)];
        }
        else
        {
            var (anchor, offsets) = line.ExpectedCloseOn is { } expected ? (expected, slip) : (line.OpenedOn, duration);
            closes = offsets.AtLeast(firstOpen.DayNumber - anchor.DayNumber).Points.Select(x => (anchor.DayNumber + x.Days, x.Probability));
        }
        var days = new Dictionary<int, double>();
        foreach (var (close, pc) in closes)
        {
            foreach (var (delay, pd) in delays)
            {
                var day = close + delay + lead;
                if (day >= firstOpen.DayNumber)
                    days[day] = days.GetValueOrDefault(day) + (pc * pd);
            }
        }
        var mass = days.Values.Sum();
        if (mass <= 1e-12)
            return [(firstOpen.DayNumber, 1.0)];
        return days.Select(kv => (kv.Key, kv.Value / mass)).ToList();
    }

    /// <summary>The index of the period holding <paramref name="day"/>, or -1 outside them.</summary>
    internal static int PeriodOf(IReadOnlyList<DateOnly> starts, DateOnly end, DateOnly day)
    {
        if (day < starts[0] || day >= end)
            return -1;
        int lo = 0, hi = starts.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= day)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }
}
