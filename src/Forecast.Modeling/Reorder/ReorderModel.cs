using Forecast.Modeling.Lifetimes;

namespace Forecast.Modeling.Reorder;

/// <summary>Choices of the reorder model; the defaults are the product's, the switches exist for ablations.</summary>
public sealed record ReorderModelOptions
{
    /// <summary>Activity model of customers and products: MBG/NBD by default, because the BG/NBD calls every one-time buyer alive.</summary>
    public BgNbdVariant ActivityModel { get; init; } = BgNbdVariant.ModifiedBgNbd;

    /// <summary>Days per time unit of the activity model (weeks keep its parameters on the scale of the literature).</summary>
    public double ActivityTimeUnitDays { get; init; } = 7;

    /// <summary>Multiply by the customer's P(alive).</summary>
    public bool UseCustomerActivity { get; init; } = true;

    /// <summary>Multiply by the product's P(alive): a product nobody has bought for a long time may be discontinued.</summary>
    public bool UseProductActivity { get; init; } = true;

    /// <summary>Let a pair stop while its customer goes on buying other products (<see cref="PairDropout"/>).</summary>
    public bool UsePairDropout { get; init; } = true;

    /// <summary>Product and customer effects in the gap, quantity and dropout priors; off, every pair shrinks to one global prior.</summary>
    public bool PoolByProductAndCustomer { get; init; } = true;

    /// <summary>
    /// Cap on the BFGS iterations of each start of the maximum-likelihood fits (activity models, global dropout). A fit
    /// stopped by it is reported as not converged and its fallback is used; tests set 1 to force that path.
    /// </summary>
    public int MaxOptimizerIterations { get; init; } = 1000;

    /// <summary>
    /// Dates later than this many days after the as-of day are "not expected" (null), unless <see cref="DateHorizonCycles"/>
    /// of the pair's typical cycle reach further. Two years: what a sales rep plans with, and twelve cycles of a
    /// two-month product, so a date beyond it says the pair has left its own rhythm.
    /// </summary>
    public int DateHorizonDays { get; init; } = 730;

    /// <summary>
    /// The date horizon is at least this many typical cycles after the as-of day, so a part replaced every eighteen
    /// months still gets its dates (three cycles: 54 months).
    /// </summary>
    public double DateHorizonCycles { get; init; } = 3;

    /// <summary>
    /// No date at all when P(an order before the date horizon) is below this: a pair that has most likely stopped has
    /// no next-order date to show, only its small probability.
    /// </summary>
    public double MinDateProbability { get; init; } = 0.05;

    /// <summary>
    /// Length of each of the two windows of the rolling-origin calibration of the gap predictive
    /// (<see cref="GapCalibration"/>); 0 turns it off. 26 weeks: long enough that most pairs' next orders fall inside
    /// (the truncation takes care of the rest), and whole weeks so that the cutoffs fall on the as-of day's weekday,
    /// since orders follow the working week.
    /// </summary>
    public int CalibrationWindowDays { get; init; } = 182;

    /// <summary>
    /// Put each end of an interval on the day edge whose excluded probability is nearest its level (see
    /// <see cref="ReorderModel.Predict"/>); off, an end is the day that contains the continuous quantile, which covers
    /// that whole day. Exists for the ablation that shows what the inclusive days cost.
    /// </summary>
    public bool IntervalEndsOnNearestDayEdge { get; init; } = true;
}

/// <summary>When a customer (or a product) was ordered: first and last order day and the number of distinct order days.</summary>
public readonly record struct OrderActivity(int FirstOrderDay, int LastOrderDay, int OrderDays)
{
    /// <summary>Count, mean and sum of squares of the log gaps between its distinct order days (the renewal fallback of <see cref="ActivityModel"/> reads them).</summary>
    public LogSample LogGaps { get; init; }

    public static Dictionary<long, OrderActivity> ByCustomer(IEnumerable<PairHistory> pairs) => Collect(pairs, p => p.Customer);

    public static Dictionary<long, OrderActivity> ByProduct(IEnumerable<PairHistory> pairs) => Collect(pairs, p => p.Product);

    /// <summary>The activity of one entity from its order days (any order; duplicates count once).</summary>
    public static OrderActivity Of(IEnumerable<int> orderDays)
    {
        ArgumentNullException.ThrowIfNull(orderDays);
        var days = orderDays.Distinct().Order().ToArray();
        if (days.Length == 0)
            throw new ArgumentException("An entity with activity has at least one order day.", nameof(orderDays));
        var logGaps = new double[days.Length - 1];
        for (var i = 1; i < days.Length; i++)
            logGaps[i - 1] = Math.Log(days[i] - days[i - 1]);
        return new OrderActivity(days[0], days[^1], days.Length) { LogGaps = LogSample.Of(logGaps) };
    }

    public RepeatPurchaseSummary Summary(int asOfDay, double unitDays) =>
        new(OrderDays - 1, (LastOrderDay - FirstOrderDay) / unitDays, (asOfDay - FirstOrderDay) / unitDays);

    private static Dictionary<long, OrderActivity> Collect(IEnumerable<PairHistory> pairs, Func<PairHistory, long> key)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var days = new Dictionary<long, HashSet<int>>();
        foreach (var p in pairs)
        {
            if (!days.TryGetValue(key(p), out var set))
                days[key(p)] = set = [];
            set.UnionWith(p.OrderDays);
        }
        return days.ToDictionary(kv => kv.Key, kv => Of(kv.Value));
    }
}

/// <summary>Which model gives an <see cref="ActivityModel"/>'s P(alive).</summary>
public enum ActivityModelKind
{
    /// <summary>The configured BG/NBD-family model (<see cref="ReorderModelOptions.ActivityModel"/>), fitted and converged.</summary>
    BgNbdFamily,

    /// <summary>Its fallback, <see cref="RenewalActivity"/>: the entity's own order rhythm with a dropout after each order day.</summary>
    RenewalWithDropout,
}

/// <summary>
/// An activity model fitted on customers or on products: the configured BG/NBD-family model when its fit converges,
/// else <see cref="RenewalActivity"/> (<see cref="Fallback"/>), never "everyone is alive". <see cref="Why"/> says which
/// and why; the fit report of the BG/NBD family is kept either way.
/// </summary>
public sealed record ActivityModel(BgNbdParameters Parameters, BgNbdVariant Variant, double TimeUnitDays, OptimizationReport Report, RenewalActivity? Fallback, string Why)
{
    public ActivityModelKind Model => Fallback is null ? ActivityModelKind.BgNbdFamily : ActivityModelKind.RenewalWithDropout;

    public double ProbabilityAlive(OrderActivity activity, int asOfDay) =>
        Fallback?.ProbabilityAlive(activity, asOfDay) ?? BgNbdModel.ProbabilityAlive(Parameters, activity.Summary(asOfDay, TimeUnitDays), Variant);

    internal static ActivityModel Fit(IReadOnlyCollection<OrderActivity> histories, int asOfDay, ReorderModelOptions options, string what)
    {
        var summaries = histories.Select(h => h.Summary(asOfDay, options.ActivityTimeUnitDays)).ToArray();
        var fit = BgNbdFitter.Fit(summaries, options.ActivityModel, options.MaxOptimizerIterations);
        if (fit.Report.Converged)
            return new ActivityModel(fit.Parameters, options.ActivityModel, options.ActivityTimeUnitDays, fit.Report, null, $"the {options.ActivityModel} fit of the {what}s converged");
        var renewal = RenewalActivity.Fit(histories, asOfDay, options.MaxOptimizerIterations);
        var why = $"the {options.ActivityModel} fit of the {what}s did not converge ({fit.Report.Reason}), so P({what} alive) comes from each {what}'s own order rhythm: {renewal.Why}";
        return new ActivityModel(fit.Parameters, options.ActivityModel, options.ActivityTimeUnitDays, fit.Report, renewal, why);
    }
}

/// <summary>
/// P(alive) of a customer or a product from its own rhythm: the fallback of <see cref="ActivityModel"/> when the
/// BG/NBD family does not converge (on B2B orders it often ends on its no-dropout boundary, docs/reorder.md). The days
/// between an entity's distinct order days form a renewal process (Cox 1962, "Renewal Theory") with a log-normal gap
/// pooled over all entities of the kind (<see cref="LogNormalHierarchy"/> with one group, so a log-t predictive); after
/// each order day the entity stops for good with probability p ~ Beta (the BG/NBD's dropout, Fader, Hardie &amp; Lee
/// 2005, with its Poisson purchases replaced by the entity's own renewal process, as the pair model does for pairs).
/// P(alive) = c S / (c S + a), c = b + n - 1, S the predictive survival of the silence since its last order: an entity
/// silent for many of its own cycles gets a low P(alive), a loyal one (many order days) keeps a higher one for the same
/// silence. The dropout is fitted by <see cref="PairDropout.Fit"/> without effects, so it has the same chain (best
/// point, then one p, then the prior; <see cref="DropoutModel"/>); the hierarchy is EM with closed-form steps and its own
/// fallback for the within-entity variance. So nothing here can fail to give an answer.
/// </summary>
/// <param name="Gaps">The pooled gap hierarchy; null when no entity has two order days (then the silence says nothing: S = 1).</param>
/// <param name="Dropout">The dropout after each order day (no effects: the same for every entity).</param>
/// <param name="DropoutModel">Which link of the dropout chain it is.</param>
/// <param name="Why">What was fitted, for the model's manifest.</param>
public sealed record RenewalActivity(LogNormalHierarchy? Gaps, PairDropout Dropout, PairDropoutModel DropoutModel, string Why)
{
    public double ProbabilityAlive(OrderActivity activity, int asOfDay) =>
        Dropout.ProbabilityActiveFromLog(0, 0, activity.OrderDays, LogSurvival(Gaps, activity, asOfDay));

    private static double LogSurvival(LogNormalHierarchy? gaps, OrderActivity activity, int asOfDay) =>
        gaps is null ? 0 : gaps.Predictive(0, 0, activity.LogGaps).LogSurvival(asOfDay - activity.LastOrderDay + 0.5);

    public static RenewalActivity Fit(IReadOnlyCollection<OrderActivity> histories, int asOfDay, int maxIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(histories);
        LogNormalHierarchy? gaps = null;
        var repeat = histories.Count(h => h.LogGaps.Count > 0);
        if (repeat > 0)
            gaps = LogNormalHierarchy.Fit(histories.Select(h => (0L, 0L, h.LogGaps)).ToArray()).Hierarchy;
        var observations = histories
            .Select(h => new PairDropout.Observation(0, 0, h.OrderDays, Math.Exp(LogSurvival(gaps, h, asOfDay))))
            .ToArray();
        var (dropout, report) = PairDropout.Fit(observations, pooled: false, optimizerIterations: maxIterations);
        var mean = dropout.MeanDropout(0, 0);
        var rhythm = gaps is null
            ? "none has two order days, so the silence says nothing"
            : FormattableString.Invariant($"log-t gaps pooled over the {repeat} of {histories.Count} with two or more order days (median gap {Math.Exp(gaps.Mean):F1} days)");
        var why = FormattableString.Invariant($"{rhythm}; dropout after an order day {report.Model}, mean {mean:G4}: {report.Why}");
        return new RenewalActivity(gaps, dropout, report.Model, why);
    }
}

/// <summary>What a fit found and how each part of it ended.</summary>
public sealed record ReorderFitReport(
    int Pairs,
    int Customers,
    int Products,
    LogNormalHierarchyReport Gaps,
    LogNormalHierarchyReport Quantities,
    PairDropoutReport? Dropout)
{
    /// <summary>How the gap predictive was calibrated (null for parameters built by hand).</summary>
    public GapCalibrationReport? Calibration { get; init; }
}

/// <summary>Everything a fitted reorder model holds; plain data, so a service can store it and every worker share it.</summary>
public sealed record ReorderModelParameters(
    int AsOfDay,
    ReorderModelOptions Options,
    ActivityModel? CustomerActivity,
    ActivityModel? ProductActivity,
    IReadOnlyDictionary<long, OrderActivity> Products,
    LogNormalHierarchy Gaps,
    LogNormalHierarchy Quantities,
    PairDropout? Dropout,
    ReorderFitReport Report)
{
    /// <summary>The calibration applied to every gap predictive of <see cref="Gaps"/> (learnt by <see cref="GapCalibration.Fit"/>).</summary>
    public GapCalibration Calibration { get; init; } = GapCalibration.Identity;
}

/// <summary>
/// Next reorder per customer x product pair. The gaps between a pair's orders form a renewal process with a
/// hierarchical log-normal gap distribution (<see cref="LogNormalHierarchy"/>: a log-t predictive, pooled over the
/// product's and the customer's other pairs), conditioned on the time already elapsed since the last order (the
/// residual-life distribution of renewal theory; Cox 1962, "Renewal Theory", ch. 1). After each order the pair may
/// stop (<see cref="PairDropout"/>: the BG/NBD dropout of Fader, Hardie &amp; Lee 2005 at pair level, with product and
/// customer effects); and the pair can only order while its customer and its product are alive (BG/NBD-family
/// P(alive) of each, <see cref="BgNbdFitter"/>). So P(order within N days) = P(customer alive) x P(product alive) x
/// P(pair active | both alive, silence so far) x P(gap ends within N days | gap longer than the silence so far).
/// A part whose fit does not converge falls back to a simpler model (<see cref="PairDropoutModel"/>,
/// <see cref="RenewalActivity"/>), never to P = 1: an unconverged fit must not make a churned pair look alive.
/// Quantities follow the same hierarchy on the log scale. Days are integers; an order d days after the previous one is
/// read as a gap in (d - 1/2, d + 1/2].
/// </summary>
public sealed class ReorderModel
{
    private readonly Dictionary<long, OrderActivity>? _customers;

    public ReorderModel(ReorderModelParameters parameters)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
    }

    private ReorderModel(ReorderModelParameters parameters, Dictionary<long, OrderActivity> customers)
        : this(parameters) => _customers = customers;

    public ReorderModelParameters Parameters { get; }

    /// <summary>Fits on every pair's history up to and including <paramref name="asOfDay"/> (later orders are ignored).</summary>
    public static ReorderModel Fit(IReadOnlyList<PairHistory> pairs, int asOfDay, ReorderModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        options ??= new ReorderModelOptions();
        var truncated = Truncate(pairs, asOfDay);
        if (truncated.Count == 0)
            throw new ArgumentException("No order on or before the as-of day: nothing to learn from.", nameof(pairs));
        var customers = OrderActivity.ByCustomer(truncated);
        var products = OrderActivity.ByProduct(truncated);
        var customerActivity = options.UseCustomerActivity ? ActivityModel.Fit(customers.Values, asOfDay, options, "customer") : null;
        var productActivity = options.UseProductActivity ? ActivityModel.Fit(products.Values, asOfDay, options, "product") : null;

        long ProductKey(long p) => options.PoolByProductAndCustomer ? p : 0;
        long CustomerKey(long c) => options.PoolByProductAndCustomer ? c : 0;
        var (gaps, gapReport) = LogNormalHierarchy.Fit(truncated.Select(p => (CustomerKey(p.Customer), ProductKey(p.Product), LogGaps(p))).ToArray());
        // Learnt before the dropout, which reads the same (calibrated) survival of each pair's silence as the forecasts.
        var (calibration, calibrationReport) = GapCalibration.Fit(truncated, asOfDay, options);
        var (quantities, quantityReport) = LogNormalHierarchy.Fit(truncated.Select(p => (CustomerKey(p.Customer), ProductKey(p.Product), LogQuantities(p))).ToArray());

        PairDropout? dropout = null;
        PairDropoutReport? dropoutReport = null;
        if (options.UsePairDropout)
        {
            // A pair is watched while its customer and its product were certainly alive: up to the last order of each.
            var observations = truncated.Select(p =>
            {
                var predictive = calibration.Apply(gaps.Predictive(CustomerKey(p.Customer), ProductKey(p.Product), LogGaps(p)));
                var watched = Math.Min(customers[p.Customer].LastOrderDay, products[p.Product].LastOrderDay) - p.LastOrderDay;
                return new PairDropout.Observation(p.Customer, p.Product, p.OrderCount, predictive.Survival(watched + 0.5));
            }).ToArray();
            // Never null: when the beta-geometric does not converge, PairDropout falls back to a simpler dropout model.
            (dropout, dropoutReport) = PairDropout.Fit(observations, options.PoolByProductAndCustomer, optimizerIterations: options.MaxOptimizerIterations);
        }

        var report = new ReorderFitReport(truncated.Count, customers.Count, products.Count, gapReport, quantityReport, dropoutReport) { Calibration = calibrationReport };
        var parameters = new ReorderModelParameters(asOfDay, options, customerActivity, productActivity, products, gaps, quantities, dropout, report) { Calibration = calibration };
        return new ReorderModel(parameters, customers);
    }

    /// <summary>No date horizon reaches further than ten years, whatever the cycle: no ERP plans that far.</summary>
    public const int MaxDateHorizonDays = 3650;

    /// <summary>
    /// The forecast for one pair as of the model's day. <paramref name="customer"/> is the customer's activity over all
    /// products up to that day (<see cref="OrderActivity.ByCustomer"/>); without it, the fit's own record is used.
    /// Probabilities come from log-survivals, so a silence of many cycles, whose survival underflows, still gets the
    /// conditional probabilities of the log-t gap law rather than 0/0. Dates after the date horizon
    /// (<see cref="ReorderModelOptions.DateHorizonDays"/>, <see cref="ReorderModelOptions.DateHorizonCycles"/>) are null:
    /// "not expected"; all of them are when an order before that horizon is less likely than
    /// <see cref="ReorderModelOptions.MinDateProbability"/>. The gap law is the hierarchy's predictive with the fit's
    /// <see cref="ReorderModelParameters.Calibration"/> applied, for the dates and the probabilities alike, and the ends of
    /// the intervals sit on day edges (<see cref="EndDay"/>).
    /// </summary>
    public ReorderForecast Predict(PairHistory pair, int horizonDays, OrderActivity? customer = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (horizonDays < 1)
            throw new ArgumentOutOfRangeException(nameof(horizonDays), horizonDays, "The horizon is at least one day.");
        var p = Parameters;
        var options = p.Options;
        var asOf = p.AsOfDay;
        pair = pair.Through(asOf) ?? throw new ArgumentException("The pair has no order on or before the as-of day.", nameof(pair));
        var own = OrderActivity.Of(pair.OrderDays);
        var customerActivity = customer ?? (_customers is not null && _customers.TryGetValue(pair.Customer, out var known) ? known : own);
        var productActivity = p.Products.TryGetValue(pair.Product, out var prod) ? prod : own;

        var predictive = p.Calibration.Apply(p.Gaps.Predictive(Key(pair.Customer), Key(pair.Product), LogGaps(pair)));
        var elapsed = asOf - pair.LastOrderDay + 0.5;
        var logNow = predictive.LogSurvival(elapsed);
        var withinRenewal = Conditional(logNow, predictive.LogSurvival(elapsed + horizonDays));

        var pCustomer = p.CustomerActivity?.ProbabilityAlive(customerActivity, asOf) ?? 1.0;
        var pProduct = p.ProductActivity?.ProbabilityAlive(productActivity, asOf) ?? 1.0;
        var pPair = p.Dropout?.ProbabilityActiveFromLog(pair.Customer, pair.Product, pair.OrderCount, logNow) ?? 1.0;

        var dateHorizon = (int)Math.Ceiling(Math.Clamp(options.DateHorizonCycles * predictive.Median, options.DateHorizonDays, MaxDateHorizonDays));
        var lastExpectedDay = asOf + dateHorizon;
        // An order on day d is a gap in (d - 1/2, d + 1/2]: a gap beyond the last expected day's upper edge is "not expected".
        var logAtHorizon = predictive.LogSurvival(lastExpectedDay - pair.LastOrderDay + 0.5);
        var expected = pCustomer * pProduct * pPair * Conditional(logNow, logAtHorizon) >= options.MinDateProbability;

        // P(gap <= t | gap > silence): the forecast's own CDF, from which the interval ends are placed on day edges.
        double Cdf(double t) => Conditional(logNow, predictive.LogSurvival(t));

        // Quantile q of the gap given that it outlasts the silence: S(gap) = (1 - q) S(now).
        int? Quantile(double q)
        {
            var logSurvival = logNow + Math.Log(1 - q);
            if (!expected || logSurvival < logAtHorizon)
                return null;
            var gap = EndDay(predictive.InverseLogSurvival(logSurvival), q, Cdf, options.IntervalEndsOnNearestDayEdge);
            return (int)Math.Clamp(pair.LastOrderDay + gap, asOf + 1, lastExpectedDay);
        }

        // The same, given also that it ends within the horizon: S(gap) = S(now) (1 - q P(within | silence)).
        int WindowQuantile(double q)
        {
            var gap = EndDay(predictive.InverseLogSurvival(logNow + LogMath.Log1P(-q * withinRenewal)), q,
                t => withinRenewal > 0 ? Cdf(t) / withinRenewal : 0, options.IntervalEndsOnNearestDayEdge);
            return (int)Math.Clamp(pair.LastOrderDay + gap, asOf + 1, asOf + horizonDays);
        }

        int? CycleDay(double q)
        {
            var day = pair.LastOrderDay + Math.Round(predictive.InverseLogSurvival(Math.Log(1 - q)));
            return day <= lastExpectedDay ? (int)day : null;
        }

        var gapsInDays = pair.OrderDays.Zip(pair.OrderDays.Skip(1), (a, b) => (double)(b - a)).ToArray();
        var quantity = p.Quantities.Predictive(Key(pair.Customer), Key(pair.Product), LogQuantities(pair));
        return new ReorderForecast(
            pair.Customer, pair.Product, asOf, pair.LastOrderDay, pair.OrderCount,
            gapsInDays.Length > 0 ? gapsInDays.Average() : null,
            gapsInDays.Length > 0 ? Median(gapsInDays) : null,
            predictive.Median,
            Quantile(0.5), Quantile(0.1), Quantile(0.25), Quantile(0.75), Quantile(0.9),
            horizonDays,
            pCustomer * pProduct * pPair * withinRenewal,
            pCustomer,
            pProduct,
            pPair,
            Math.Exp(quantity.Location + quantity.Scale * quantity.Scale / 2),
            Median(pair.Quantities))
        {
            WindowP10Day = WindowQuantile(0.1),
            WindowP25Day = WindowQuantile(0.25),
            WindowP75Day = WindowQuantile(0.75),
            WindowP90Day = WindowQuantile(0.9),
            CycleP90Day = CycleDay(0.9),
            LastExpectedDay = lastExpectedDay,
        };

        long Key(long k) => options.PoolByProductAndCustomer ? k : 0;
    }

    /// <summary>
    /// The day (counted from the last order) of an interval end at level <paramref name="q"/>, from the continuous
    /// quantile <paramref name="gap"/> and the forecast's CDF. Orders come on whole days, so an interval of days
    /// [a, b] holds P(a - 1/2 &lt; gap &lt;= b + 1/2): taking for each end the day that contains the continuous quantile
    /// adds on average half a day's probability at each end, which for a short, regular cycle is most of the interval
    /// (a 7-day cycle that varies by a day had "80%" intervals holding 95% of its orders). So a lower end (q &lt; 1/2) is
    /// the day whose lower edge leaves out the probability nearest q, and an upper end (q &gt; 1/2) the day whose upper
    /// edge leaves out the probability nearest 1 - q; the median keeps its day. Expected coverage is then the nominal
    /// one, as for the mid-distribution quantiles of discrete data (Parzen 2004, "Quantile probability and statistical
    /// data modeling"). An end stays at or beyond the median's day, so P10 &lt;= P25 &lt;= median &lt;= P75 &lt;= P90.
    /// </summary>
    internal static double EndDay(double gap, double q, Func<double, double> cdf, bool nearestEdge)
    {
        var day = Math.Round(gap);
        if (!nearestEdge || q == 0.5 || !double.IsFinite(day))
            return day;
        if (q < 0.5)
            return Math.Abs(cdf(day + 0.5) - q) < Math.Abs(cdf(day - 0.5) - q) ? day + 1 : day;
        return Math.Abs(cdf(day - 0.5) - q) < Math.Abs(cdf(day + 0.5) - q) ? day - 1 : day;
    }

    /// <summary>P(gap ends by t2 | gap &gt; t1) = 1 - S(t2)/S(t1) from the two log-survivals, exact when both underflow.</summary>
    private static double Conditional(double logFrom, double logTo) =>
        logFrom == double.NegativeInfinity ? 1 : Math.Clamp(-LogMath.ExpM1(logTo - logFrom), 0, 1);

    internal static double[] LogGaps(PairHistory p)
    {
        var gaps = new double[p.OrderDays.Length - 1];
        for (var i = 1; i < p.OrderDays.Length; i++)
            gaps[i - 1] = Math.Log(p.OrderDays[i] - p.OrderDays[i - 1]);
        return gaps;
    }

    internal static double[] LogQuantities(PairHistory p) => p.Quantities.Where(q => q > 0).Select(q => Math.Log(q)).ToArray();

    private static List<PairHistory> Truncate(IReadOnlyList<PairHistory> pairs, int asOfDay)
    {
        var result = new List<PairHistory>(pairs.Count);
        foreach (var pair in pairs)
        {
            pair.Validate();
            if (pair.Through(asOfDay) is { } t)
                result.Add(t);
        }
        return result;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
