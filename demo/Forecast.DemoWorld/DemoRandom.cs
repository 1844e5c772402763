using MathNet.Numerics.Distributions;

namespace Forecast.DemoWorld;

/// <summary>
/// Deterministic random streams for the generator. Each company's history has its own stream derived from
/// (seed, company, purpose), so histories can be generated lazily, one company at a time, in any order, and
/// still give the same bytes for a seed. <see cref="Random(int)"/> with a seed uses the documented legacy
/// algorithm, stable across runtimes.
/// </summary>
internal static class DemoRandom
{
    public static Random Stream(int seed, int index, int purpose)
    {
        // SplitMix64 finaliser: well-spread seeds for neighbouring indices.
        var z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)index * 0xBF58476D1CE4E5B9UL + (ulong)(uint)purpose * 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }

    public static double Uniform(this Random rng, double min, double max) => min + (rng.NextDouble() * (max - min));

    /// <summary>Log-uniform between min and max: as many cycles between 14 and 28 days as between 90 and 180.</summary>
    public static double LogUniform(this Random rng, double min, double max) => Math.Exp(rng.Uniform(Math.Log(min), Math.Log(max)));

    public static bool Chance(this Random rng, double probability) => rng.NextDouble() < probability;

    public static double Normal(this Random rng, double mean, double sd) => MathNet.Numerics.Distributions.Normal.Sample(rng, mean, sd);

    /// <summary>A Gamma draw with the given mean and coefficient of variation (shape 1/cv², the usual inter-purchase-time model).</summary>
    public static double GammaMeanCv(this Random rng, double mean, double cv)
    {
        var shape = 1 / (cv * cv);
        return Gamma.Sample(rng, shape, shape / mean);
    }

    /// <summary>Multiplicative noise with mean 1 and the given coefficient of variation.</summary>
    public static double LogNormalFactor(this Random rng, double cv)
    {
        var sigma = Math.Sqrt(Math.Log(1 + (cv * cv)));
        return Math.Exp(rng.Normal(-sigma * sigma / 2, sigma));
    }

    public static int Poisson(this Random rng, double mean) => mean <= 0 ? 0 : MathNet.Numerics.Distributions.Poisson.Sample(rng, mean);

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public static int PickWeighted(this Random rng, IReadOnlyList<double> cumulativeWeights)
    {
        var x = rng.NextDouble() * cumulativeWeights[^1];
        var lo = 0;
        var hi = cumulativeWeights.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (cumulativeWeights[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
