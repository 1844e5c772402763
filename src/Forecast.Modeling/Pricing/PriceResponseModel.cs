using MathNet.Numerics.LinearAlgebra;

namespace Forecast.Modeling.Pricing;

/// <summary>
/// How much a customer is worth keeping, which moves both the target margin (see the Core rule) and how the customer
/// answers a price (the model fits a price slope per tier).
/// </summary>
public enum ValueTier
{
    Standard,
    /// <summary>High lifetime value and pays on time.</summary>
    Key,
    /// <summary>Pays late: the margin has to carry the cost of the money and the risk.</summary>
    Watch,
}

/// <summary>A past quote line that closed: its price relative to the product's list price, quantity, tier and outcome.</summary>
public sealed record PastQuote(double RelativePrice, double Quantity, ValueTier Tier, bool Won);

/// <summary>Immutable settings of <see cref="PriceResponseModel"/> and <see cref="PriceOptimizer"/>.</summary>
public sealed record PriceResponseConfig
{
    /// <summary>L2 penalty on every coefficient but the intercept (features are on unit-ish scales: tens of percent of list, log quantity).</summary>
    public double Ridge { get; init; } = 1.0;

    /// <summary>Fewer closed quotes than this and no curve is learnt: the price response would be noise.</summary>
    public int MinimumQuotes { get; init; } = 30;

    /// <summary>Standard deviation of the relative price below which prices never moved enough to learn from.</summary>
    public double MinimumPriceSpread { get; init; } = 0.01;

    /// <summary>Bootstrap refits behind the interval of the optimal price.</summary>
    public int BootstrapSamples { get; init; } = 100;

    /// <summary>Central coverage of the intervals (0.8 = 10th to 90th percentile).</summary>
    public double IntervalLevel { get; init; } = 0.8;

    public int Seed { get; init; } = 42;

    /// <summary>Prices evaluated from the floor up to <see cref="GridTop"/> × list price.</summary>
    public int GridPoints { get; init; } = 121;

    public double GridTop { get; init; } = 1.2;

    public int MaxIterations { get; init; } = 50;
}

/// <summary>
/// P(win | price): a ridge-penalised logistic regression (Hastie, Tibshirani &amp; Friedman, <i>ESL</i> 2nd ed., §4.4.1 and
/// §4.4.4) on the quote's price relative to list, its log quantity, the customer's value tier and a price slope per tier,
/// fitted by Newton–Raphson / IRLS with MathNet's Cholesky solve. Pooled over products and customers: a product or customer
/// with few quotes of its own is answered by the pooled curve of its tier (the fallback is the model itself).
/// Known limit: a cross-section of past quotes confounds price with deal difficulty (reps discount hard deals), so the
/// fitted slope can understate how much price matters.
/// </summary>
public sealed class PriceResponseModel
{
    private readonly double[] _beta;

    private PriceResponseModel(double[] beta, double meanLogQuantity, int quotes, double winRate, bool converged)
    {
        _beta = beta;
        MeanLogQuantity = meanLogQuantity;
        Quotes = quotes;
        WinRate = winRate;
        Converged = converged;
    }

    /// <summary>Feature names in coefficient order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
        ["intercept", "price above list, per 10% of list", "log quantity (centred)", "tier Key", "tier Watch", "price × Key", "price × Watch"];

    public IReadOnlyList<double> Coefficients => _beta;
    public double MeanLogQuantity { get; }
    public int Quotes { get; }
    public double WinRate { get; }
    public bool Converged { get; }

    /// <summary>Change in log-odds of winning per +10% of list price for a tier (negative: dearer loses more).</summary>
    public double PriceSlope(ValueTier tier) => _beta[1] + tier switch
    {
        ValueTier.Key => _beta[5],
        ValueTier.Watch => _beta[6],
        _ => 0,
    };

    public double WinProbability(double relativePrice, double quantity, ValueTier tier)
    {
        Span<double> x = stackalloc double[7];
        Features(relativePrice, quantity, tier, MeanLogQuantity, x);
        var eta = 0.0;
        for (var j = 0; j < x.Length; j++)
            eta += _beta[j] * x[j];
        return Logistic(eta);
    }

    /// <summary>
    /// The fitted model, or null when there are fewer than <see cref="PriceResponseConfig.MinimumQuotes"/> quotes, only
    /// one outcome, or prices that hardly moved: then nothing about price can be learnt and the caller shows the floor only.
    /// </summary>
    public static PriceResponseModel? Fit(IReadOnlyList<PastQuote> quotes, PriceResponseConfig config)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(config);
        if (!Learnable(quotes, config))
            return null;
        var meanLogQuantity = quotes.Average(q => Math.Log(Math.Max(q.Quantity, 1e-9)));
        var n = quotes.Count;
        var x = Matrix<double>.Build.Dense(n, 7);
        var y = Vector<double>.Build.Dense(n);
        Span<double> row = stackalloc double[7];
        for (var i = 0; i < n; i++)
        {
            Features(quotes[i].RelativePrice, quotes[i].Quantity, quotes[i].Tier, meanLogQuantity, row);
            for (var j = 0; j < 7; j++)
                x[i, j] = row[j];
            y[i] = quotes[i].Won ? 1 : 0;
        }
        // A tier with no quotes has an all-zero column: the ridge keeps the system solvable and its coefficients at 0.
        var penalty = Matrix<double>.Build.DiagonalIdentity(7) * config.Ridge;
        penalty[0, 0] = 0;
        var winRate = y.Average();
        var beta = Vector<double>.Build.Dense(7);
        beta[0] = Math.Log(winRate / (1 - winRate));
        var converged = false;
        for (var iteration = 0; iteration < config.MaxIterations; iteration++)
        {
            var p = (x * beta).Map(Logistic);
            var w = p.Map(v => Math.Max(v * (1 - v), 1e-10));
            var gradient = x.TransposeThisAndMultiply(y - p) - penalty * beta;
            var hessian = x.TransposeThisAndMultiply(x.Clone().MapIndexed((i, _, v) => v * w[i])) + penalty;
            // Ridge on 6 of 7 coefficients plus a positive intercept weight: the Hessian is positive definite.
            var step = hessian.Cholesky().Solve(gradient);
            beta += step;
            if (step.InfinityNorm() < 1e-8)
            {
                converged = true;
                break;
            }
        }
        return new PriceResponseModel(beta.ToArray(), meanLogQuantity, n, winRate, converged);
    }

    /// <summary>
    /// Refits on quotes drawn with replacement (Efron &amp; Tibshirani 1993, ch. 6): the spread of what the refits suggest
    /// is the uncertainty of the suggestion. Draws that cannot be fitted are skipped.
    /// </summary>
    public static IReadOnlyList<PriceResponseModel> Bootstrap(IReadOnlyList<PastQuote> quotes, PriceResponseConfig config)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(config);
        var random = new Random(config.Seed);
        var fits = new List<PriceResponseModel>(config.BootstrapSamples);
        var sample = new PastQuote[quotes.Count];
        for (var b = 0; b < config.BootstrapSamples; b++)
        {
            for (var i = 0; i < sample.Length; i++)
                sample[i] = quotes[random.Next(quotes.Count)];
            if (Fit(sample, config) is { } fit)
                fits.Add(fit);
        }
        return fits;
    }

    private static bool Learnable(IReadOnlyList<PastQuote> quotes, PriceResponseConfig config)
    {
        if (quotes.Count < config.MinimumQuotes)
            return false;
        var wins = quotes.Count(q => q.Won);
        if (wins == 0 || wins == quotes.Count)
            return false;
        var mean = quotes.Average(q => q.RelativePrice);
        var spread = Math.Sqrt(quotes.Sum(q => (q.RelativePrice - mean) * (q.RelativePrice - mean)) / quotes.Count);
        return spread >= config.MinimumPriceSpread;
    }

    private static void Features(double relativePrice, double quantity, ValueTier tier, double meanLogQuantity, Span<double> x)
    {
        // In tens of percent of list: quotes move within ±30% of list, and on that scale a ridge of 1 is mild; on the raw
        // ratio the same penalty would flatten the price response of a few hundred quotes.
        var d = (relativePrice - 1) * 10;
        x[0] = 1;
        x[1] = d;
        x[2] = Math.Log(Math.Max(quantity, 1e-9)) - meanLogQuantity;
        x[3] = tier == ValueTier.Key ? 1 : 0;
        x[4] = tier == ValueTier.Watch ? 1 : 0;
        x[5] = tier == ValueTier.Key ? d : 0;
        x[6] = tier == ValueTier.Watch ? d : 0;
    }

    private static double Logistic(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));
}
