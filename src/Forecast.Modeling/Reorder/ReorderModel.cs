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
}

/// <summary>When a customer (or a product) was ordered: first and last order day and the number of distinct order days.</summary>
public readonly record struct OrderActivity(int FirstOrderDay, int LastOrderDay, int OrderDays)
{
    public static Dictionary<long, OrderActivity> ByCustomer(IEnumerable<PairHistory> pairs) => Collect(pairs, p => p.Customer);

    public static Dictionary<long, OrderActivity> ByProduct(IEnumerable<PairHistory> pairs) => Collect(pairs, p => p.Product);

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
        return days.ToDictionary(kv => kv.Key, kv => new OrderActivity(kv.Value.Min(), kv.Value.Max(), kv.Value.Count));
    }
}

/// <summary>An activity model (BG/NBD family) fitted on customers or on products, or why it is not used.</summary>
public sealed record ActivityModel(BgNbdParameters Parameters, BgNbdVariant Variant, double TimeUnitDays, OptimizationReport Report, bool Used, string? NotUsedBecause)
{
    public double ProbabilityAlive(OrderActivity activity, int asOfDay) =>
        Used ? BgNbdModel.ProbabilityAlive(Parameters, activity.Summary(asOfDay, TimeUnitDays), Variant) : 1;

    internal static ActivityModel Fit(IEnumerable<OrderActivity> histories, int asOfDay, ReorderModelOptions options, string what)
    {
        var summaries = histories.Select(h => h.Summary(asOfDay, options.ActivityTimeUnitDays)).ToArray();
        var fit = BgNbdFitter.Fit(summaries, options.ActivityModel);
        string? why = null;
        if (!fit.Report.Converged)
            why = $"the {what} activity model did not converge, so P({what} alive) = 1: {fit.Report.Reason}";
        return new ActivityModel(fit.Parameters, options.ActivityModel, options.ActivityTimeUnitDays, fit.Report, fit.Report.Converged, why);
    }
}

/// <summary>What a fit found and how each part of it ended.</summary>
public sealed record ReorderFitReport(
    int Pairs,
    int Customers,
    int Products,
    LogNormalHierarchyReport Gaps,
    LogNormalHierarchyReport Quantities,
    PairDropoutReport? Dropout);

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
    ReorderFitReport Report);

/// <summary>
/// Next reorder per customer x product pair. The gaps between a pair's orders form a renewal process with a
/// hierarchical log-normal gap distribution (<see cref="LogNormalHierarchy"/>: a log-t predictive, pooled over the
/// product's and the customer's other pairs), conditioned on the time already elapsed since the last order (the
/// residual-life distribution of renewal theory; Cox 1962, "Renewal Theory", ch. 1). After each order the pair may
/// stop (<see cref="PairDropout"/>: the BG/NBD dropout of Fader, Hardie &amp; Lee 2005 at pair level, with product and
/// customer effects); and the pair can only order while its customer and its product are alive (BG/NBD-family
/// P(alive) of each, <see cref="BgNbdFitter"/>). So P(order within N days) = P(customer alive) x P(product alive) x
/// P(pair active | both alive, silence so far) x P(gap ends within N days | gap longer than the silence so far).
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
        var (quantities, quantityReport) = LogNormalHierarchy.Fit(truncated.Select(p => (CustomerKey(p.Customer), ProductKey(p.Product), LogQuantities(p))).ToArray());

        PairDropout? dropout = null;
        PairDropoutReport? dropoutReport = null;
        if (options.UsePairDropout)
        {
            // A pair is watched while its customer and its product were certainly alive: up to the last order of each.
            var observations = truncated.Select(p =>
            {
                var predictive = gaps.Predictive(CustomerKey(p.Customer), ProductKey(p.Product), LogGaps(p));
                var watched = Math.Min(customers[p.Customer].LastOrderDay, products[p.Product].LastOrderDay) - p.LastOrderDay;
                return new PairDropout.Observation(p.Customer, p.Product, p.OrderCount, predictive.Survival(watched + 0.5));
            }).ToArray();
            (dropout, dropoutReport) = PairDropout.Fit(observations, options.PoolByProductAndCustomer);
            if (!dropoutReport.Global.Converged)
                dropout = null;
        }

        var report = new ReorderFitReport(truncated.Count, customers.Count, products.Count, gapReport, quantityReport, dropoutReport);
        var parameters = new ReorderModelParameters(asOfDay, options, customerActivity, productActivity, products, gaps, quantities, dropout, report);
        return new ReorderModel(parameters, customers);
    }

    /// <summary>
    /// The forecast for one pair as of the model's day. <paramref name="customer"/> is the customer's activity over all
    /// products up to that day (<see cref="OrderActivity.ByCustomer"/>); without it, the fit's own record is used.
    /// </summary>
    public ReorderForecast Predict(PairHistory pair, int horizonDays, OrderActivity? customer = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (horizonDays < 1)
            throw new ArgumentOutOfRangeException(nameof(horizonDays), horizonDays, "The horizon is at least one day.");
        var p = Parameters;
        var asOf = p.AsOfDay;
        pair = pair.Through(asOf) ?? throw new ArgumentException("The pair has no order on or before the as-of day.", nameof(pair));
        var own = new OrderActivity(pair.OrderDays[0], pair.LastOrderDay, pair.OrderCount);
        var customerActivity = customer ?? (_customers is not null && _customers.TryGetValue(pair.Customer, out var known) ? known : own);
        var productActivity = p.Products.TryGetValue(pair.Product, out var prod) ? prod : own;

        var predictive = p.Gaps.Predictive(Key(pair.Customer), Key(pair.Product), LogGaps(pair));
        var elapsed = asOf - pair.LastOrderDay + 0.5;
        var survivalNow = predictive.Survival(elapsed);
        var survivalEnd = predictive.Survival(elapsed + horizonDays);
        var withinRenewal = survivalNow <= 0 ? 0 : (survivalNow - survivalEnd) / survivalNow;

        var pCustomer = p.CustomerActivity?.ProbabilityAlive(customerActivity, asOf) ?? 1.0;
        var pProduct = p.ProductActivity?.ProbabilityAlive(productActivity, asOf) ?? 1.0;
        var pPair = p.Dropout?.ProbabilityActive(pair.Customer, pair.Product, pair.OrderCount, survivalNow) ?? 1.0;

        int Day(double survival)
        {
            var gap = predictive.InverseSurvival(survival);
            var day = pair.LastOrderDay + (double.IsFinite(gap) ? Math.Round(gap) : 36500);
            return (int)Math.Clamp(day, asOf + 1, asOf + 36500);
        }

        int Quantile(double q) => Day((1 - q) * survivalNow);
        int WindowQuantile(double q) => Day(survivalNow - q * (survivalNow - survivalEnd));

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
        };

        int CycleDay(double q)
        {
            var gap = predictive.InverseSurvival(1 - q);
            return pair.LastOrderDay + (int)(double.IsFinite(gap) ? Math.Min(Math.Round(gap), 36500) : 36500);
        }

        long Key(long k) => p.Options.PoolByProductAndCustomer ? k : 0;
    }

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
