using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

/// <summary>
/// Pairs whose gaps follow a known law that the model does not assume: log gap = log cycle + sigma(day) e, e standard
/// normal, where sigma changes on given days (say purchasing became regular when a customer moved to a contract).
/// The model pools each pair's whole history, so after such a change its intervals are too wide (or too narrow) for
/// the next gap; a calibration learnt on recent next orders can see it. Nobody stops, so every pair's next order after
/// the as-of day is known and the orders after it are kept (<see cref="Truth.Future"/>) for held-out checks.
/// </summary>
internal static class CalibrationWorld
{
    /// <param name="Pair">The history through the as-of day.</param>
    /// <param name="Future">The same pair with its orders after the as-of day too.</param>
    public sealed record Truth(PairHistory Pair, PairHistory Future, double Cycle)
    {
        public int NextOrderDay => Future.OrderDays[Pair.OrderCount];
    }

    /// <param name="sigmas">(first day of the regime relative to the as-of day, sigma of the log gap from then on), in time order; the first applies from the start.</param>
    public static List<Truth> Draw(int seed, int pairs, int asOf, IReadOnlyList<(int FromDay, double Sigma)> sigmas,
        double meanCycle = 25, int historyDays = 900, int futureDays = 400)
    {
        var random = new Random(seed);
        var result = new List<Truth>(pairs);
        for (var i = 0; i < pairs; i++)
        {
            var cycle = meanCycle * Math.Exp(0.4 * SyntheticPairs.Normal(random));
            var day = asOf - historyDays - random.Next(0, 60);
            var days = new List<int>();
            while (day <= asOf + futureDays)
            {
                days.Add(day);
                var sigma = sigmas.Last(s => asOf + s.FromDay <= day || s == sigmas[0]).Sigma;
                day += Math.Max(1, (int)Math.Round(cycle * Math.Exp(sigma * SyntheticPairs.Normal(random))));
            }
            var future = new PairHistory(1 + i / 4, 1 + i % 6, days.ToArray(), days.Select(_ => 10.0).ToArray());
            result.Add(new Truth(future.Through(asOf)!, future, cycle));
        }
        return result;
    }

    public static double Coverage(ReorderModel model, IEnumerable<Truth> world) =>
        world.Average(t => model.Predict(t.Pair, 30) is var f && t.NextOrderDay >= f.P10Day && t.NextOrderDay <= f.P90Day ? 1.0 : 0.0);
}
