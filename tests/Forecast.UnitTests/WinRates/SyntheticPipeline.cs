using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

/// <summary>
/// A made-up pipeline whose truth is known: a deal's win probability rises with its rep's skill and with how
/// hot it is, and a hot deal gets a call, email or meeting every few days while it is open.
/// </summary>
internal static class SyntheticPipeline
{
    public static readonly DateOnly Start = new(2024, 1, 1);

    public static (DealHistoryData Data, Dictionary<string, double> Truth) Generate(int deals, int seed, int spanDays = 730)
    {
        var random = new Random(seed);
        string[] reps = ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal"];
        var skill = reps.Select((r, i) => (r, s: (i - 3.5) / 3.5)).ToDictionary(x => x.r, x => x.s);
        var list = new List<Deal>();
        var activities = new List<SalesActivity>();
        var truth = new Dictionary<string, double>();
        string[] kinds = ["Call", "Email", "Meeting"];
        for (var i = 0; i < deals; i++)
        {
            var rep = reps[random.Next(reps.Length)];
            var account = $"acct{random.Next(600):000}";
            var opened = Start.AddDays(random.Next(spanDays));
            var duration = 10 + random.Next(80);
            var hot = random.NextDouble() < 0.5;
            var p = 1 / (1 + Math.Exp(-(-0.3 + (1.0 * skill[rep]) + (hot ? 1.2 : -1.2))));
            var won = random.NextDouble() < p;
            var id = $"d{i:0000}";
            truth[id] = p;
            list.Add(new Deal(id, opened)
            {
                RepKey = rep,
                TeamKey = Array.IndexOf(reps, rep) < 4 ? "North" : "South",
                AccountKey = account,
                Outcome = won ? DealOutcome.Won : DealOutcome.Lost,
                ClosedOn = opened.AddDays(duration),
                Amount = 1000 + random.Next(9000),
                ProductFamily = random.Next(2) == 0 ? "Gears" : "Bearings",
            });
            for (var day = opened; day < opened.AddDays(duration); day = day.AddDays(hot ? 3 + random.Next(5) : 40 + random.Next(40)))
                activities.Add(new SalesActivity(account, day, kinds[random.Next(kinds.Length)]));
        }
        return (new DealHistoryData { Deals = list, Activities = activities }, truth);
    }
}
