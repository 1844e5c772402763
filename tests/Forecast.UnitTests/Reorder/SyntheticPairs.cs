using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

/// <summary>
/// Pairs drawn from the reorder model's own generative story, so a test knows the truth: each product has a typical
/// cycle, each pair a log-normal gap distribution around it, and after each order the pair stops with a known probability.
/// </summary>
internal static class SyntheticPairs
{
    public sealed record Truth(PairHistory Pair, double MedianGap, double Sigma, bool Stopped, int? NextOrderDay);

    public static List<Truth> Draw(int seed, int customers, int products, int asOf, double dropout = 0.1, double sigma = 0.25, int horizon = 400)
    {
        var random = new Random(seed);
        var productCycle = Enumerable.Range(0, products).Select(_ => Math.Exp(Math.Log(30) + 0.5 * Normal(random))).ToArray();
        var result = new List<Truth>();
        for (var c = 0; c < customers; c++)
        {
            for (var p = 0; p < products; p++)
            {
                if (random.NextDouble() > 0.5)
                    continue;
                var median = productCycle[p] * Math.Exp(0.2 * Normal(random));
                var day = asOf - random.Next(200, 500);
                var days = new List<int>();
                var stopped = false;
                int? next = null;
                while (true)
                {
                    days.Add(day);
                    if (random.NextDouble() < dropout)
                    {
                        stopped = true;
                        break;
                    }
                    var gap = Math.Max(1, (int)Math.Round(median * Math.Exp(sigma * Normal(random))));
                    day += gap;
                    if (day > asOf)
                    {
                        next = day <= asOf + horizon ? day : null;
                        break;
                    }
                }
                var pair = new PairHistory(c + 1, p + 1, days.ToArray(), days.Select(_ => (double)random.Next(5, 15)).ToArray());
                result.Add(new Truth(pair, median, sigma, stopped, next));
            }
        }
        return result;
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
