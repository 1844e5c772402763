namespace Forecast.Modeling.WinRates;

/// <summary>One level of an estimate: the group's raw count and its shrunk rate.</summary>
public readonly record struct RateLevel(string Key, WinCount Count, double Rate);

/// <summary>
/// Win rates of nested groups (global → team → rep, or global → stage), each shrunk towards its parent with a
/// Beta prior whose strength per level is fitted by empirical Bayes (<see cref="BetaBinomial.FitPriorStrength"/>).
/// A group with no deals gets its parent's rate; a group with many keeps its own. Hierarchical beta-binomial
/// model: Gelman et al., <i>Bayesian Data Analysis</i> 3rd ed. (2013), ch. 5.
/// </summary>
public sealed class HierarchicalWinRate
{
    private const char Separator = '\u001f';
    private readonly Dictionary<string, WinCount>[] _counts;
    private readonly Dictionary<string, double>[] _rates;
    private readonly IReadOnlyDictionary<string, double> _firstLevelPriors;

    private HierarchicalWinRate(
        WinCount global, double globalRate, double[] kappas,
        Dictionary<string, WinCount>[] counts, Dictionary<string, double>[] rates,
        IReadOnlyDictionary<string, double> firstLevelPriors)
    {
        Global = global;
        GlobalRate = globalRate;
        Kappas = kappas;
        _counts = counts;
        _rates = rates;
        _firstLevelPriors = firstLevelPriors;
    }

    public WinCount Global { get; }

    /// <summary>The overall rate: (won + prior pseudo-wins) / (closed + prior strength).</summary>
    public double GlobalRate { get; }

    /// <summary>The fitted prior strength (pseudo-deals) of each level below the global one.</summary>
    public IReadOnlyList<double> Kappas { get; }

    public int Depth => _counts.Length;

    /// <summary>Fits the hierarchy to closed deals.</summary>
    /// <param name="examples">Each deal's path of group keys (a null key ends the path early) and its outcome.</param>
    /// <param name="depth">The number of levels below the global one.</param>
    /// <param name="options">Prior of the global rate and the fallback prior strength.</param>
    /// <param name="firstLevelPriors">
    /// Prior rates of first-level groups (e.g. a CRM's default stage probabilities) used instead of the global
    /// rate as those groups' prior mean; groups not listed use the global rate.
    /// </param>
    public static HierarchicalWinRate Fit(
        IEnumerable<(IReadOnlyList<string?> Path, bool Won)> examples,
        int depth,
        RatePriorOptions? options = null,
        IReadOnlyDictionary<string, double>? firstLevelPriors = null)
    {
        options ??= new RatePriorOptions();
        firstLevelPriors ??= new Dictionary<string, double>();
        var counts = Enumerable.Range(0, depth).Select(_ => new Dictionary<string, WinCount>(StringComparer.Ordinal)).ToArray();
        var global = default(WinCount);
        foreach (var (path, won) in examples)
        {
            global = global.Add(won);
            var key = "";
            for (var level = 0; level < depth && level < path.Count && path[level] is { } part; level++)
            {
                key = level == 0 ? part : key + Separator + part;
                counts[level][key] = counts[level].GetValueOrDefault(key).Add(won);
            }
        }

        var globalRate = (global.Won + (options.GlobalPriorRate * options.GlobalPriorStrength)) / (global.Closed + options.GlobalPriorStrength);
        var kappas = new double[depth];
        var rates = new Dictionary<string, double>[depth];
        for (var level = 0; level < depth; level++)
        {
            var parentRates = level == 0 ? null : rates[level - 1];
            double ParentRate(string key)
            {
                if (level == 0)
                    return firstLevelPriors.TryGetValue(key, out var prior) ? prior : globalRate;
                return parentRates![key[..key.LastIndexOf(Separator)]];
            }

            var groups = counts[level].Select(kv => (kv.Value, ParentRate(kv.Key))).ToArray();
            kappas[level] = BetaBinomial.FitPriorStrength(groups, options.FallbackStrength, options.MinStrength, options.MaxStrength);
            rates[level] = counts[level].ToDictionary(
                kv => kv.Key, kv => BetaBinomial.PosteriorMean(kv.Value, ParentRate(kv.Key), kappas[level]), StringComparer.Ordinal);
        }
        return new HierarchicalWinRate(global, globalRate, kappas, counts, rates, firstLevelPriors);
    }

    /// <summary>
    /// The shrunk rate at each level of <paramref name="path"/>, from the first level down to the deepest
    /// non-null key. A group never seen gets its parent's rate (its prior mean) and a zero count.
    /// </summary>
    public IReadOnlyList<RateLevel> Estimate(IReadOnlyList<string?> path)
    {
        var result = new List<RateLevel>(Depth);
        var key = "";
        var parent = GlobalRate;
        for (var level = 0; level < Depth && level < path.Count && path[level] is { } part; level++)
        {
            key = level == 0 ? part : key + Separator + part;
            if (!_rates[level].TryGetValue(key, out var rate))
                rate = level == 0 && _firstLevelPriors.TryGetValue(key, out var prior) ? prior : parent;
            result.Add(new RateLevel(part, _counts[level].GetValueOrDefault(key), rate));
            parent = rate;
        }
        return result;
    }

    /// <summary>The rate of the deepest known group of <paramref name="path"/> (the global rate if none).</summary>
    public double Rate(IReadOnlyList<string?> path)
    {
        var levels = Estimate(path);
        return levels.Count == 0 ? GlobalRate : levels[^1].Rate;
    }
}

/// <summary>Priors of <see cref="HierarchicalWinRate"/>.</summary>
public sealed record RatePriorOptions
{
    /// <summary>The global rate before any deal closed.</summary>
    public double GlobalPriorRate { get; init; } = 0.5;
    /// <summary>Pseudo-deals behind <see cref="GlobalPriorRate"/> (2 = Laplace's rule of succession).</summary>
    public double GlobalPriorStrength { get; init; } = 2;
    /// <summary>Prior strength of a level when too few groups exist to fit it.</summary>
    public double FallbackStrength { get; init; } = 20;
    public double MinStrength { get; init; } = 2;
    public double MaxStrength { get; init; } = 2000;
}
