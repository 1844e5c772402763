namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>
/// Seeded draws from the laws the second world uses. Every entity draws from its own stream
/// (<see cref="For(int, string, int)"/>), so adding a product does not reshuffle every customer.
/// </summary>
internal sealed class WorldRandom
{
    private readonly Random _random;
    private double? _spareNormal;

    private WorldRandom(int seed) => _random = new Random(seed);

    /// <summary>A stream for one purpose and one entity: the same (seed, stream, index) always gives the same draws.</summary>
    public static WorldRandom For(int seed, string stream, int index = 0)
    {
        // FNV-1a over the stream name, then SplitMix64: string.GetHashCode is randomised per process.
        var h = 14695981039346656037UL;
        foreach (var c in stream)
            h = (h ^ c) * 1099511628211UL;
        h ^= (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)(uint)index * 0xC2B2AE3D27D4EB4FUL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return new WorldRandom((int)(h & 0x7FFFFFFF));
    }

    public double Uniform() => _random.NextDouble();

    public double Uniform(double from, double to) => from + (to - from) * _random.NextDouble();

    /// <summary>An integer in [from, to], both included.</summary>
    public int Int(int from, int to) => _random.Next(from, to + 1);

    public bool Chance(double p) => _random.NextDouble() < p;

    public double Normal(double mean = 0, double sd = 1)
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return mean + sd * spare;
        }
        double u, v, s;
        do
        {
            u = 2 * _random.NextDouble() - 1;
            v = 2 * _random.NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return mean + sd * u * f;
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>Weibull with shape k and scale λ (median λ·ln2^(1/k)).</summary>
    public double Weibull(double shape, double scale) => scale * Math.Pow(-Math.Log(1 - _random.NextDouble()), 1 / shape);

    /// <summary>Log-logistic (Fisk) with median <paramref name="median"/>: heavier tails than a log-normal of the same spread.</summary>
    public double LogLogistic(double median, double shape)
    {
        var u = Math.Clamp(_random.NextDouble(), 1e-9, 1 - 1e-9);
        return median * Math.Pow(u / (1 - u), 1 / shape);
    }

    public double Exponential(double mean) => -mean * Math.Log(1 - _random.NextDouble());

    public int Poisson(double mean)
    {
        if (mean <= 0)
            return 0;
        if (mean > 30)
            return Math.Max(0, (int)Math.Round(Normal(mean, Math.Sqrt(mean))));
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = _random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= _random.NextDouble();
        }
        return k;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public T Weighted<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var total = items.Sum(i => i.Weight);
        var x = _random.NextDouble() * total;
        foreach (var (item, weight) in items)
        {
            x -= weight;
            if (x < 0)
                return item;
        }
        return items[^1].Item;
    }

    /// <summary><paramref name="count"/> distinct items, each drawn with probability proportional to its weight.</summary>
    public List<T> WeightedDistinct<T>(IReadOnlyList<(T Item, double Weight)> items, int count)
    {
        var left = items.ToList();
        var chosen = new List<T>();
        while (chosen.Count < count && left.Count > 0)
        {
            var total = left.Sum(i => i.Weight);
            var x = _random.NextDouble() * total;
            var at = left.Count - 1;
            for (var i = 0; i < left.Count; i++)
            {
                x -= left[i].Weight;
                if (x < 0)
                {
                    at = i;
                    break;
                }
            }
            chosen.Add(left[at].Item);
            left.RemoveAt(at);
        }
        return chosen;
    }
}
