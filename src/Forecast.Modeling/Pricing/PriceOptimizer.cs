namespace Forecast.Modeling.Pricing;

/// <summary>One quote line to price: list price, current unit cost, the lowest acceptable price, quantity and tier.</summary>
public sealed record PriceQuestion(double ListPrice, double UnitCost, double Floor, double Quantity, ValueTier Tier, double? QuotedPrice = null);

/// <summary>A price on the curve: its chance of winning and its expected margin P(win) × (price − cost) × quantity.</summary>
public sealed record CurvePoint(double Price, double WinProbability, double ExpectedMargin);

/// <summary>
/// The suggested price, the interval of the optimal price and of its expected margin over the bootstrap refits, whether
/// the floor binds (the unconstrained optimum lies at or below it), the quoted price evaluated the same way, and the curve.
/// </summary>
public sealed record PriceSuggestion(
    double Floor,
    double Price,
    double PriceLow,
    double PriceHigh,
    double WinProbability,
    double ExpectedMargin,
    double ExpectedMarginLow,
    double ExpectedMarginHigh,
    bool FloorBinds,
    bool AtGridTop,
    CurvePoint? Quoted,
    IReadOnlyList<CurvePoint> Curve);

/// <summary>
/// Maximises the expected margin E(p) = P(win | p) × (p − cost) × quantity over a grid of prices from the floor up to
/// <see cref="PriceResponseConfig.GridTop"/> × list price (Phillips, <i>Pricing and Revenue Optimization</i>, 2005, ch. 11:
/// bid-response pricing). The grid never goes below the floor, so neither does the suggestion.
/// </summary>
public static class PriceOptimizer
{
    public static IReadOnlyList<double> Grid(PriceQuestion question, PriceResponseConfig config)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(config);
        var top = Math.Max(question.ListPrice * config.GridTop, question.Floor * config.GridTop);
        var points = Math.Max(2, config.GridPoints);
        return Enumerable.Range(0, points).Select(i => question.Floor + (top - question.Floor) * i / (points - 1)).ToList();
    }

    /// <summary>Expected margin at each grid price under any response curve (the fitted model, or a known truth in a benchmark).</summary>
    public static IReadOnlyList<CurvePoint> Curve(IReadOnlyList<double> grid, PriceQuestion question, Func<double, double> winProbabilityAtPrice)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(winProbabilityAtPrice);
        return grid.Select(p => Point(p, question, winProbabilityAtPrice)).ToList();
    }

    public static CurvePoint Point(double price, PriceQuestion question, Func<double, double> winProbabilityAtPrice)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(winProbabilityAtPrice);
        var win = winProbabilityAtPrice(price);
        return new CurvePoint(price, win, win * (price - question.UnitCost) * question.Quantity);
    }

    /// <summary>The grid point of largest expected margin (the lowest such price on a tie).</summary>
    public static int ArgMax(IReadOnlyList<CurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var best = 0;
        for (var i = 1; i < curve.Count; i++)
        {
            if (curve[i].ExpectedMargin > curve[best].ExpectedMargin)
                best = i;
        }
        return best;
    }

    public static Func<double, double> ResponseOf(PriceResponseModel model, PriceQuestion question)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(question);
        return p => model.WinProbability(p / question.ListPrice, question.Quantity, question.Tier);
    }

    public static PriceSuggestion Suggest(PriceResponseModel model, IReadOnlyList<PriceResponseModel> bootstrap, PriceQuestion question, PriceResponseConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(config);
        if (!(question.ListPrice > 0))
            throw new ArgumentException("The list price must be positive: prices are learnt relative to it.", nameof(question));
        var grid = Grid(question, config);
        var curve = Curve(grid, question, ResponseOf(model, question));
        var best = ArgMax(curve);
        var optimalPrices = new List<double>(bootstrap.Count);
        var optimalMargins = new List<double>(bootstrap.Count);
        foreach (var refit in bootstrap)
        {
            var c = Curve(grid, question, ResponseOf(refit, question));
            var i = ArgMax(c);
            optimalPrices.Add(c[i].Price);
            optimalMargins.Add(c[i].ExpectedMargin);
        }
        var tail = (1 - config.IntervalLevel) / 2;
        var point = curve[best];
        var quoted = question.QuotedPrice is { } q && q > 0 ? Point(q, question, ResponseOf(model, question)) : null;
        return new PriceSuggestion(
            question.Floor,
            point.Price,
            optimalPrices.Count == 0 ? point.Price : Quantile(optimalPrices, tail),
            optimalPrices.Count == 0 ? point.Price : Quantile(optimalPrices, 1 - tail),
            point.WinProbability,
            point.ExpectedMargin,
            optimalMargins.Count == 0 ? point.ExpectedMargin : Quantile(optimalMargins, tail),
            optimalMargins.Count == 0 ? point.ExpectedMargin : Quantile(optimalMargins, 1 - tail),
            FloorBinds: best == 0,
            AtGridTop: best == curve.Count - 1,
            quoted,
            curve);
    }

    /// <summary>Linear-interpolated quantile (type 7, as R's default).</summary>
    public static double Quantile(IReadOnlyList<double> values, double level)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var h = (sorted.Length - 1) * Math.Clamp(level, 0, 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
