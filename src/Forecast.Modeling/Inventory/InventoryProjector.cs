using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Forecast.Modeling.Inventory;

/// <summary>
/// Projects one product's stock day by day from its probabilistic demand forecast, and derives the planner's
/// figures from the same simulated futures: stock band and stock-out probability per period, median stock-out
/// date, reorder point and safety stock, order-up-to level, suggested order and order-by date, available to promise.
/// </summary>
/// <remarks>
/// <para><b>Simulation.</b> Each simulated future draws every period's demand from the forecast — by inverse
/// transform from the per-period distributions fitted to the quantiles (<see cref="QuantileDemandDistribution"/>),
/// independently across periods unless <see cref="SimulationSettings.PeriodCorrelation"/> says otherwise — or
/// takes a given sample path as it is. A period's demand is spread evenly over its days. Net stock on day d is
/// on hand + supply arrived by d − committed orders due by d − forecast demand up to d (the forecast is of new
/// orders; orders already taken leave stock on their requested date). Everything is deterministic for a seed.</para>
/// <para><b>Reorder point.</b> The policy is the periodic-review (R, s, S) system of Silver, Pyke &amp; Thomas,
/// <i>Inventory and Production Management in Supply Chains</i>, 4th ed. (2017): at a review, order when the
/// inventory position (on hand + on order) is below s, up to S. An order placed now arrives after the lead time
/// L, and the next decision is a review period R away, so s must cover demand over L + R. Here
/// s is the cycle-service-level quantile of the <i>simulated</i> demand over L + R (the inverse empirical
/// distribution, Hyndman &amp; Fan 1996 type 1: the smallest level with at least that share of futures at or
/// below it) — not μ + zσ√L, which assumes normal lead-time demand and fails for slow and intermittent items
/// (Syntetos &amp; Boylan, "The accuracy of intermittent demand estimates", <i>IJF</i> 21(2), 2005, on such
/// demand; Axsäter, <i>Inventory Control</i>, 3rd ed., 2015, on compound lead-time demand). With a fill-rate
/// target, s is also raised until the expected shortage per cycle E[(D − s)⁺] is at most (1 − P2) times the
/// expected order size (the P2 criterion of Silver, Pyke &amp; Thomas). Safety stock is s minus expected demand
/// over L + R. S = s + max(expected demand over R, MOQ).</para>
/// <para><b>Order-by date.</b> The first day the inventory position (on hand + on order − committed), drawn down by
/// the median cumulative demand, falls below s (the as-of date if it already is). The suggested order is S minus the position on that day,
/// rounded up to the MOQ and whole packs (<see cref="OrderQuantity"/>).</para>
/// <para><b>Horizon.</b> When the forecast is shorter than L + R, the last period's distribution is repeated.</para>
/// </remarks>
public static class InventoryProjector
{
    /// <summary>Projects <paramref name="problem"/> with <paramref name="settings"/> (defaults: 2000 paths, seed 42, independent periods).</summary>
    /// <exception cref="ArgumentException">When an input is out of range or the forecast does not cover the day after the as-of date.</exception>
    public static InventoryProjection Project(InventoryProblem problem, SimulationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        settings ??= new SimulationSettings();
        settings.Validate();
        var (policy, demand, incoming, committed) = Checked(problem);

        var grid = demand.Grid;
        var asOf = problem.AsOf;
        var firstDay = asOf.AddDays(1);
        var notes = new List<string>();
        var gridDays = grid.End.DayNumber - firstDay.DayNumber;
        var days = Math.Max(gridDays, policy.ProtectionDays);
        if (days > gridDays)
            notes.Add(Invariant($"The forecast covers {gridDays} days, less than lead time + review period ({policy.ProtectionDays} days): its last period is repeated beyond it."));

        var timeline = Timeline.Build(grid, firstDay, days);
        var meanDaily = new double[days];
        for (var k = 0; k < days; k++)
            meanDaily[k] = demand.MeanOf(timeline.SlotSource[timeline.DaySlot[k]]) * timeline.DayWeight[k];

        var supply = SupplyLedger.Build(incoming, committed, asOf, firstDay, days, notes);
        var onHand = problem.OnHand;
        var (cumulative, firstStockout, paths) = Simulate(problem, settings, timeline, supply.NetCumulative);
        notes.Add(demand is QuantileDemandForecast
            ? settings.PeriodCorrelation > 0
                ? Invariant($"{paths} simulated futures; period demands drawn with correlation {settings.PeriodCorrelation:0.##} between periods.")
                : Invariant($"{paths} simulated futures; period demands drawn independently of each other (forecast errors assumed uncorrelated across periods).")
            : Invariant($"{paths} sample paths of the forecast used as given."));

        // Per-path alignment is no longer needed: columns are sorted in place, lazily, only on the days asked for.
        var demandUpTo = new DayQuantiles(cumulative);

        // Stock-out and cover.
        var leadTime = policy.LeadTimeDays;
        var stockoutWithinLead = leadTime == 0 ? 0 : Share(firstStockout, leadTime - 1);
        var sortedOut = (int[])firstStockout.Clone();
        Array.Sort(sortedOut);
        var medianOut = sortedOut[TypeOneIndex(paths, 0.5)];
        DateOnly? medianStockout = medianOut == int.MaxValue ? null : firstDay.AddDays(medianOut);
        var daysOfCover = DaysOfCover(onHand, meanDaily, demand.MeanOf(grid.Count - 1) / grid.LengthInDays(grid.Count - 1));

        var levels = ReplenishmentLevels.From(policy, demand, demandUpTo, meanDaily, firstDay, paths);
        var position = onHand + supply.IncomingTotal - supply.CommittedTotal;
        var (orderBy, positionAtOrder) = OrderBy(position, levels.ReorderPoint, demandUpTo, asOf, firstDay, days);
        var suggested = orderBy is null ? 0 : OrderQuantity.Round(levels.OrderUpTo - positionAtOrder, policy.MinimumOrderQuantity, policy.PackSize, mustOrder: true);

        // Available to promise: stock and firm supply not yet promised to a customer order, with look-ahead. Between two
        // arrivals the balance only falls, so its lowest point before each arrival is what may be promised.
        var balance = new double[days];
        for (var k = 0; k < days; k++)
            balance[k] = onHand + supply.NetCumulative[k];
        var atp = Inventory.AvailableToPromise.FromBalances(balance, firstDay);

        return new InventoryProjection
        {
            AsOf = asOf,
            OnHand = onHand,
            IncomingTotal = supply.IncomingTotal,
            Periods = Periods(grid, timeline, firstDay, onHand, meanDaily, supply, demandUpTo, firstStockout, atp),
            DaysOfCover = daysOfCover,
            StockoutProbabilityWithinLeadTime = stockoutWithinLead,
            MedianStockoutDate = medianStockout,
            ProtectionDays = policy.ProtectionDays,
            MeanProtectionDemand = levels.MeanProtectionDemand,
            ReorderPoint = levels.ReorderPoint,
            OrderUpToLevel = levels.OrderUpTo,
            NormalApproximationReorderPoint = levels.NormalApproximationReorderPoint,
            ExpectedFillRate = levels.ExpectedFillRate,
            OrderByDate = orderBy,
            SuggestedOrderQuantity = suggested,
            AvailableToPromise = atp,
            ExpectedDailyDemand = meanDaily,
            Policy = policy,
            Paths = paths,
            Notes = notes,
        };
    }

    /// <summary>The problem's parts, checked: a policy, a forecast that covers the first projected day, finite non-negative quantities.</summary>
    private static (ReplenishmentPolicy Policy, PeriodDemandForecast Demand, IReadOnlyList<SupplyReceipt> Incoming, IReadOnlyList<CommittedOrder> Committed) Checked(InventoryProblem problem)
    {
        var policy = problem.Policy ?? throw new ArgumentException("A replenishment policy is required.", nameof(problem));
        policy.Validate();
        var demand = problem.Demand ?? throw new ArgumentException("A demand forecast is required.", nameof(problem));
        if (!double.IsFinite(problem.OnHand))
            throw new ArgumentException("On hand is not a finite number.", nameof(problem));
        var incoming = problem.Incoming ?? [];
        foreach (var receipt in incoming)
        {
            if (!double.IsFinite(receipt.Quantity) || receipt.Quantity < 0)
                throw new ArgumentException($"Incoming supply on {receipt.Date:yyyy-MM-dd} has quantity {receipt.Quantity}; it must be a non-negative number.", nameof(problem));
        }
        var committed = problem.Committed ?? [];
        foreach (var order in committed)
        {
            if (!double.IsFinite(order.Quantity) || order.Quantity < 0)
                throw new ArgumentException($"A committed order due {order.Date:yyyy-MM-dd} has quantity {order.Quantity}; it must be a non-negative number.", nameof(problem));
        }
        var grid = demand.Grid;
        var firstDay = problem.AsOf.AddDays(1);
        if (grid.Starts[0] > firstDay)
            throw new ArgumentException($"The forecast starts on {grid.Starts[0]:yyyy-MM-dd}, after the first projected day {firstDay:yyyy-MM-dd}: demand in between would be missing.", nameof(problem));
        if (grid.End <= firstDay)
            throw new ArgumentException($"The forecast ends on {grid.End.AddDays(-1):yyyy-MM-dd}, before the first projected day {firstDay:yyyy-MM-dd}.", nameof(problem));
        return (policy, demand, incoming, committed);
    }

    /// <summary>
    /// Order-by date: the first day the inventory position, drawn down by median demand, falls below the reorder point
    /// (the as-of date when it already is), and the position on that day; none when it stays above for the horizon.
    /// </summary>
    private static (DateOnly? OrderBy, double PositionAtOrder) OrderBy(double position, double reorderPoint, DayQuantiles demandUpTo, DateOnly asOf, DateOnly firstDay, int days)
    {
        // Below, not at: at s the service target is already met. The tolerance keeps rounding noise from ordering a day early.
        var below = reorderPoint - 1e-9 * Math.Max(1, Math.Abs(reorderPoint));
        if (position < below)
            return (asOf, position);
        if (position - demandUpTo.Quantile(days - 1, 0.5) >= below)
            return (null, position);
        // The median of cumulative demand never decreases with the day, so the first crossing is found by bisection.
        int low = -1, high = days - 1;
        while (high - low > 1)
        {
            var mid = (low + high) / 2;
            if (position - demandUpTo.Quantile(mid, 0.5) < below)
                high = mid;
            else
                low = mid;
        }
        return (firstDay.AddDays(high), position - demandUpTo.Quantile(high, 0.5));
    }

    /// <summary>The projection per forecast period: demand and supply in it, the stock band at its end, stock-out odds, ATP.</summary>
    private static List<ProjectedPeriod> Periods(PeriodGrid grid, Timeline timeline, DateOnly firstDay, double onHand, double[] meanDaily, SupplyLedger supply,
        DayQuantiles demandUpTo, int[] firstStockout, IReadOnlyList<AvailableToPromiseStep> atp)
    {
        var periods = new List<ProjectedPeriod>();
        for (var p = timeline.FirstPeriod; p < grid.Count; p++)
        {
            var start = grid.Starts[p] < firstDay ? firstDay : grid.Starts[p];
            var kStart = start.DayNumber - firstDay.DayNumber;
            var kEnd = grid.EndOf(p).DayNumber - firstDay.DayNumber - 1;
            var level = onHand + supply.NetCumulative[kEnd];
            var column = demandUpTo.Sorted(kEnd);
            periods.Add(new ProjectedPeriod(
                grid.Starts[p],
                grid.EndOf(p),
                Sum(meanDaily, kStart, kEnd),
                Sum(supply.ByDay, kStart, kEnd),
                level - TypeOne(column, 0.9),
                level - TypeOne(column, 0.5),
                level - TypeOne(column, 0.1),
                Share(firstStockout, kEnd),
                AtpOn(atp, start)));
        }
        return periods;
    }

    /// <summary>
    /// Firm supply and committed customer orders per projected day: receipts due on or before the as-of date arrive on the
    /// first day, an order already due ships on it; <see cref="NetCumulative"/> is what has arrived less what has shipped.
    /// </summary>
    private sealed record SupplyLedger(double[] ByDay, double[] NetCumulative, double IncomingTotal, double CommittedTotal)
    {
        public static SupplyLedger Build(IReadOnlyList<SupplyReceipt> incoming, IReadOnlyList<CommittedOrder> committed, DateOnly asOf, DateOnly firstDay, int days, List<string> notes)
        {
            var supplyByDay = new double[days];
            var incomingTotal = 0.0;
            var overdue = 0;
            foreach (var receipt in incoming)
            {
                incomingTotal += receipt.Quantity;
                var k = receipt.Date.DayNumber - firstDay.DayNumber;
                if (k < 0)
                {
                    overdue++;
                    k = 0;
                }
                if (k < days)
                    supplyByDay[k] += receipt.Quantity;
            }
            if (overdue > 0)
                notes.Add(Invariant($"{overdue} supply line(s) were due on or before {asOf:yyyy-MM-dd}; they are assumed to arrive on {firstDay:yyyy-MM-dd}."));
            // Committed orders leave stock on their due day (one already due ships on the first day); net of them, supply.
            var committedByDay = new double[days];
            var committedTotal = 0.0;
            foreach (var order in committed)
            {
                committedTotal += order.Quantity;
                var k = Math.Max(0, order.Date.DayNumber - firstDay.DayNumber);
                if (k < days)
                    committedByDay[k] += order.Quantity;
            }
            if (committed.Count > 0)
                notes.Add(Invariant($"{committed.Count} open customer order line(s), {committedTotal:0.##} units, still to ship: taken out of stock on their requested dates and reserved before anything is promised."));
            var net = new double[days];
            double arrived = 0, shipped = 0;
            for (var k = 0; k < days; k++)
            {
                arrived += supplyByDay[k];
                shipped += committedByDay[k];
                net[k] = arrived - shipped;
            }
            return new SupplyLedger(supplyByDay, net, incomingTotal, committedTotal);
        }
    }

    /// <summary>
    /// Reorder point (s) and order-up-to level (S) from the simulated demand over the protection interval (lead time +
    /// review period): s is its cycle-service-level quantile, raised to meet a fill-rate target if one is set; S adds a
    /// review period's demand or the MOQ. The normal approximation's s is kept beside it for comparison.
    /// </summary>
    private sealed record ReplenishmentLevels(double ReorderPoint, double OrderUpTo, double MeanProtectionDemand, double? ExpectedFillRate, double NormalApproximationReorderPoint)
    {
        public static ReplenishmentLevels From(ReplenishmentPolicy policy, PeriodDemandForecast demand, DayQuantiles demandUpTo, double[] meanDaily, DateOnly firstDay, int paths)
        {
            var protection = policy.ProtectionDays;
            var protectionDemand = protection == 0 ? new double[paths] : demandUpTo.Sorted(protection - 1);
            var meanProtection = meanDaily.Take(protection).Sum();
            var meanReview = meanDaily.Take(policy.ReviewPeriodDays).Sum();
            var cycleQuantity = Math.Max(meanReview, (double)policy.MinimumOrderQuantity);
            var reorderPoint = TypeOne(protectionDemand, policy.CycleServiceLevel);
            if (policy.FillRate is { } fillRate && cycleQuantity > 0)
                reorderPoint = Math.Max(reorderPoint, SmallestLevelWithShortageAtMost(protectionDemand, (1 - fillRate) * cycleQuantity));
            double? expectedFillRate = cycleQuantity > 0 && meanProtection > 0
                ? Math.Clamp(1 - ExpectedShortage(protectionDemand, reorderPoint) / cycleQuantity, 0, 1)
                : null;
            var (normalMean, normalVariance) = NormalApproximation.DemandOver(demand, firstDay, protection);
            var normalReorderPoint = protection == 0 ? 0 : NormalApproximation.ReorderPoint(normalMean, normalVariance, policy.CycleServiceLevel);
            return new ReplenishmentLevels(reorderPoint, reorderPoint + cycleQuantity, meanProtection, expectedFillRate, normalReorderPoint);
        }
    }

    /// <summary>
    /// Simulates cumulative demand per day and path (<c>[day][path]</c>) and each path's first day of unmet demand
    /// (<see cref="int.MaxValue"/> when none).
    /// </summary>
    private static (double[][] Cumulative, int[] FirstStockout, int Paths) Simulate(
        InventoryProblem problem, SimulationSettings settings, Timeline timeline, double[] supplyCum)
    {
        var days = timeline.DaySlot.Length;
        var sampled = problem.Demand as SamplePathDemandForecast;
        var quantiles = problem.Demand as QuantileDemandForecast;
        var paths = sampled?.PathCount ?? settings.Paths;
        var rng = new Random(settings.Seed);
        var slots = timeline.SlotSource.Length;
        var gridSlots = problem.Demand.Grid.Count - timeline.FirstPeriod;

        // Draws are laid out [slot][path] and cumulative demand [day][path], so every inner loop walks memory in order.
        var draws = new double[slots][];
        for (var s = 0; s < slots; s++)
            draws[s] = new double[paths];
        if (quantiles is not null)
        {
            var rho = settings.PeriodCorrelation;
            double[]? common = null;
            if (rho > 0)
            {
                common = new double[paths];
                for (var j = 0; j < paths; j++)
                    common[j] = Math.Sqrt(rho) * Normal.Sample(rng, 0, 1);
            }
            var own = Math.Sqrt(1 - rho);
            for (var s = 0; s < slots; s++)
            {
                var distribution = quantiles.Periods[timeline.SlotSource[s]];
                var row = draws[s];
                for (var j = 0; j < paths; j++)
                {
                    var u = common is null ? rng.NextDouble() : Normal.CDF(0, 1, common[j] + own * Normal.Sample(rng, 0, 1));
                    row[j] = distribution.Quantile(u);
                }
            }
        }
        else
        {
            for (var s = 0; s < slots; s++)
            {
                var row = draws[s];
                // Beyond the paths' horizon, draw the last period from a random path.
                for (var j = 0; j < paths; j++)
                    row[j] = sampled!.Draw(s < gridSlots ? j : rng.Next(paths), timeline.SlotSource[s]);
            }
        }

        var cumulative = new double[days][];
        var firstStockout = new int[paths];
        Array.Fill(firstStockout, int.MaxValue);
        // A relative tolerance, so that stock used up exactly is not counted as a stock-out.
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(problem.OnHand) + supplyCum[^1]);
        for (var k = 0; k < days; k++)
        {
            var current = cumulative[k] = new double[paths];
            var previous = k > 0 ? cumulative[k - 1] : null;
            var row = draws[timeline.DaySlot[k]];
            var weight = timeline.DayWeight[k];
            var available = problem.OnHand + supplyCum[k];
            for (var j = 0; j < paths; j++)
            {
                var value = (previous is null ? 0 : previous[j]) + row[j] * weight;
                current[j] = value;
                if (firstStockout[j] == int.MaxValue && available - value < -tolerance)
                    firstStockout[j] = k;
            }
        }
        return (cumulative, firstStockout, paths);
    }

    private static double? DaysOfCover(double onHand, double[] meanDaily, double rateAfterHorizon)
    {
        if (onHand <= 0)
            return 0;
        var remaining = onHand;
        for (var k = 0; k < meanDaily.Length; k++)
        {
            if (meanDaily[k] > 0 && meanDaily[k] >= remaining)
                return k + remaining / meanDaily[k];
            remaining -= meanDaily[k];
        }
        return rateAfterHorizon > 0 ? meanDaily.Length + remaining / rateAfterHorizon : null;
    }

    private static double Sum(double[] values, int first, int last)
    {
        var total = 0.0;
        for (var k = first; k <= last; k++)
            total += values[k];
        return total;
    }

    private static double Share(int[] firstStockout, int lastDay)
    {
        var count = 0;
        foreach (var day in firstStockout)
        {
            if (day <= lastDay)
                count++;
        }
        return (double)count / firstStockout.Length;
    }

    private static double AtpOn(IReadOnlyList<AvailableToPromiseStep> steps, DateOnly day)
    {
        var value = 0.0;
        foreach (var step in steps)
        {
            if (step.From > day)
                break;
            value = step.Quantity;
        }
        return value;
    }

    /// <summary>Index of the type-1 sample quantile (inverse empirical CDF) at probability <paramref name="p"/> in a sorted sample of <paramref name="n"/>.</summary>
    private static int TypeOneIndex(int n, double p) => Math.Clamp((int)Math.Ceiling(n * p - 1e-9) - 1, 0, n - 1);

    private static double TypeOne(double[] sorted, double p) => sorted[TypeOneIndex(sorted.Length, p)];

    /// <summary>E[(D − s)⁺] over the sample.</summary>
    private static double ExpectedShortage(double[] sample, double level)
    {
        var total = 0.0;
        foreach (var d in sample)
        {
            if (d > level)
                total += d - level;
        }
        return total / sample.Length;
    }

    /// <summary>The smallest s ≥ 0 with E[(D − s)⁺] ≤ <paramref name="target"/>: E[(D − s)⁺] decreases in s, so bisection finds it.</summary>
    private static double SmallestLevelWithShortageAtMost(double[] sorted, double target)
    {
        double low = 0, high = sorted[^1];
        if (ExpectedShortage(sorted, low) <= target)
            return 0;
        for (var i = 0; i < 100 && high - low > 1e-9 * Math.Max(1, high); i++)
        {
            var mid = (low + high) / 2;
            if (ExpectedShortage(sorted, mid) <= target)
                high = mid;
            else
                low = mid;
        }
        return high;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Cumulative demand per day across paths, each day's column sorted on first use.</summary>
    private sealed class DayQuantiles(double[][] columns)
    {
        private readonly bool[] _sorted = new bool[columns.Length];

        public double[] Sorted(int day)
        {
            if (!_sorted[day])
            {
                Array.Sort(columns[day]);
                _sorted[day] = true;
            }
            return columns[day];
        }

        public double Quantile(int day, double p) => TypeOne(Sorted(day), p);
    }

    /// <summary>
    /// Maps each projected day to a draw slot (one draw per period and path) and the share of the slot's demand that
    /// falls on that day. Slots past the grid repeat the last period's distribution with fresh draws.
    /// </summary>
    private sealed class Timeline
    {
        public required int FirstPeriod { get; init; }
        public required int[] DaySlot { get; init; }
        public required double[] DayWeight { get; init; }
        public required int[] SlotSource { get; init; }

        public static Timeline Build(PeriodGrid grid, DateOnly firstDay, int days)
        {
            var firstPeriod = grid.PeriodOf(firstDay);
            var lastLength = grid.LengthInDays(grid.Count - 1);
            var daySlot = new int[days];
            var dayWeight = new double[days];
            var sources = new List<int>();
            for (var k = 0; k < days; k++)
            {
                var day = firstDay.AddDays(k);
                var p = grid.PeriodOf(day);
                int slot;
                if (p >= 0)
                {
                    slot = p - firstPeriod;
                    dayWeight[k] = 1.0 / grid.LengthInDays(p);
                }
                else
                {
                    slot = grid.Count - firstPeriod + (day.DayNumber - grid.End.DayNumber) / lastLength;
                    p = grid.Count - 1;
                    dayWeight[k] = 1.0 / lastLength;
                }
                while (sources.Count <= slot)
                    sources.Add(p);
                daySlot[k] = slot;
            }
            return new Timeline { FirstPeriod = firstPeriod, DaySlot = daySlot, DayWeight = dayWeight, SlotSource = [.. sources] };
        }
    }
}
