namespace Forecast.Modeling.Pipeline;

/// <summary>
/// A distribution over whole days: how late deals closed against their expected close date (the slip), or how
/// long they stayed open. Learned from closed deals as their empirical distribution, pulled towards a prior
/// when there are few of them: the posterior mean of a Dirichlet process, (n·F_n + α·G₀) / (n + α)
/// (Ferguson, "A Bayesian analysis of some nonparametric problems", Annals of Statistics 1, 1973).
/// </summary>
public sealed class DayOffsetDistribution
{
    private readonly int[] _days;
    private readonly double[] _probabilities;

    private DayOffsetDistribution(int[] days, double[] probabilities, int samples)
    {
        _days = days;
        _probabilities = probabilities;
        Samples = samples;
    }

    /// <summary>How many observations the distribution was learned from (0 for a prior alone).</summary>
    public int Samples { get; }

    /// <summary>The support and probabilities, in increasing day order.</summary>
    public IReadOnlyList<(int Days, double Probability)> Points => _days.Select((d, i) => (d, _probabilities[i])).ToArray();

    public double Mean => _days.Select((d, i) => d * _probabilities[i]).Sum();

    /// <summary>All mass on one day (e.g. "deals close on their expected date").</summary>
    public static DayOffsetDistribution PointMass(int days) => new([days], [1.0], 0);

    /// <summary>
    /// The empirical distribution of <paramref name="observations"/> mixed with <paramref name="prior"/> at weight
    /// <paramref name="priorWeight"/> pseudo-observations: with none it is the prior, with many the data.
    /// </summary>
    public static DayOffsetDistribution Learn(IEnumerable<int> observations, DayOffsetDistribution prior, double priorWeight = 20)
    {
        var counts = observations.GroupBy(d => d).ToDictionary(g => g.Key, g => (double)g.Count());
        var n = counts.Values.Sum();
        var mass = new SortedDictionary<int, double>();
        foreach (var (day, count) in counts)
            mass[day] = count / (n + priorWeight);
        for (var i = 0; i < prior._days.Length; i++)
            mass[prior._days[i]] = mass.GetValueOrDefault(prior._days[i]) + (priorWeight * prior._probabilities[i] / (n + priorWeight));
        return new DayOffsetDistribution(mass.Keys.ToArray(), mass.Values.ToArray(), (int)n);
    }

    /// <summary>
    /// The distribution given that the offset is at least <paramref name="minimum"/> (a deal still open today has
    /// not closed yet). When no learned mass lies that far, all of it goes to <paramref name="minimum"/>: the
    /// deal is already later than any deal seen, and the nearest day is the least presumptuous guess.
    /// </summary>
    public DayOffsetDistribution AtLeast(int minimum)
    {
        var tail = _days.Select((d, i) => (d, p: _probabilities[i])).Where(x => x.d >= minimum).ToArray();
        var total = tail.Sum(x => x.p);
        if (total <= 1e-12)
            return new DayOffsetDistribution([minimum], [1.0], Samples);
        return new DayOffsetDistribution(tail.Select(x => x.d).ToArray(), tail.Select(x => x.p / total).ToArray(), Samples);
    }

    /// <summary>P(offset ≤ <paramref name="days"/>).</summary>
    public double CumulativeProbability(int days)
    {
        var sum = 0.0;
        for (var i = 0; i < _days.Length && _days[i] <= days; i++)
            sum += _probabilities[i];
        return Math.Min(1, sum);
    }

    /// <summary>The smallest day with cumulative probability at least <paramref name="p"/>.</summary>
    public int Quantile(double p)
    {
        var cumulative = 0.0;
        for (var i = 0; i < _days.Length; i++)
        {
            cumulative += _probabilities[i];
            if (cumulative >= p - 1e-12)
                return _days[i];
        }
        return _days[^1];
    }
}
