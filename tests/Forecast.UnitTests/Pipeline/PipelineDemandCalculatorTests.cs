using Forecast.Modeling.Pipeline;

namespace Forecast.UnitTests.Pipeline;

public sealed class PipelineDemandCalculatorTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly DateOnly[] Weeks = Enumerable.Range(0, 8).Select(i => new DateOnly(2026, 3, 2).AddDays(7 * i)).ToArray();
    private static readonly DateOnly End = Weeks[^1].AddDays(7);
    private static readonly DayOffsetDistribution OnTime = DayOffsetDistribution.PointMass(0);

    private static PipelineLine Line(string opportunity, string product, double quantity, double p, DateOnly? expected, int lead = 0) =>
        new(opportunity, product, quantity, p, new DateOnly(2026, 1, 1), expected, lead);

    [Fact]
    public void Compute_PlacesUnitsAtCloseDatePlusLeadTime_WhenDealsCloseOnTime()
    {
        var result = PipelineDemandCalculator.Compute(
            [Line("o1", "CN-1001", 100, 0.3, new DateOnly(2026, 3, 5), lead: 10)], Weeks, End, AsOf, OnTime, OnTime);
        var point = Assert.Single(result.Points);
        // 3-05 + 10 days = 3-15, in the week starting 3-09.
        Assert.Equal(new DateOnly(2026, 3, 9), point.PeriodStart);
        Assert.Equal(30, point.ExpectedUnits, 12);
        Assert.Equal(100 * 100 * 0.3 * 0.7, point.Variance, 9);
    }

    [Fact]
    public void Compute_SpreadsUnitsBySlip_WhenDealsCloseLate()
    {
        var slip = DayOffsetDistribution.Learn([0, 0, 7, 14], OnTime, priorWeight: 0);
        var result = PipelineDemandCalculator.Compute(
            [Line("o1", "CN-1001", 40, 0.5, new DateOnly(2026, 3, 3))], Weeks, End, AsOf, slip, OnTime);
        Assert.Equal([(new DateOnly(2026, 3, 2), 10.0), (new DateOnly(2026, 3, 9), 5.0), (new DateOnly(2026, 3, 16), 5.0)],
            result.Points.Select(p => (p.PeriodStart, p.ExpectedUnits)));
        // First week: p·π = 0.25, so 40² · 0.25 · 0.75.
        Assert.Equal(1600 * 0.25 * 0.75, result.Points[0].Variance, 9);
    }

    [Fact]
    public void Compute_TreatsLinesOfOneDealAsOneLump_WhenTheyShareAProduct()
    {
        var oneDeal = PipelineDemandCalculator.Compute(
            [Line("o1", "CN-1001", 10, 0.5, new DateOnly(2026, 3, 3)), Line("o1", "CN-1001", 30, 0.5, new DateOnly(2026, 3, 3))],
            Weeks, End, AsOf, OnTime, OnTime);
        var twoDeals = PipelineDemandCalculator.Compute(
            [Line("o1", "CN-1001", 10, 0.5, new DateOnly(2026, 3, 3)), Line("o2", "CN-1001", 30, 0.5, new DateOnly(2026, 3, 3))],
            Weeks, End, AsOf, OnTime, OnTime);
        Assert.Equal(20, oneDeal.Points[0].ExpectedUnits, 12);
        Assert.Equal(20, twoDeals.Points[0].ExpectedUnits, 12);
        // One win decides all 40 units: 40²·0.25; two independent deals: (10² + 30²)·0.25.
        Assert.Equal(1600 * 0.25, oneDeal.Points[0].Variance, 9);
        Assert.Equal(1000 * 0.25, twoDeals.Points[0].Variance, 9);
    }

    [Fact]
    public void Compute_MovesOverdueDealsIntoTheFuture_WhenTheExpectedCloseHasPassed()
    {
        // Expected to close 20 days ago; slips seen: 0, 5 and 30 days. Still open, so the slip is 30 days: 3-11.
        var slip = DayOffsetDistribution.Learn([0, 5, 30], OnTime, priorWeight: 0);
        var result = PipelineDemandCalculator.Compute(
            [Line("o1", "CN-1001", 10, 1, AsOf.AddDays(-20))], Weeks, End, AsOf, slip, OnTime);
        var point = Assert.Single(result.Points);
        Assert.Equal(new DateOnly(2026, 3, 9), point.PeriodStart);
        Assert.Equal(10, point.ExpectedUnits, 12);
    }

    [Fact]
    public void Compute_UsesHowLongDealsStayOpen_WhenThereIsNoExpectedClose()
    {
        // Opened 2026-01-01; won deals took 70 or 80 days: 3-12 or 3-22.
        var duration = DayOffsetDistribution.Learn([70, 80], OnTime, priorWeight: 0);
        var result = PipelineDemandCalculator.Compute([Line("o1", "CN-1001", 10, 0.5, null)], Weeks, End, AsOf, OnTime, duration);
        Assert.Equal([(new DateOnly(2026, 3, 9), 2.5), (new DateOnly(2026, 3, 16), 2.5)], result.Points.Select(p => (p.PeriodStart, p.ExpectedUnits)));
    }

    [Fact]
    public void Compute_ReportsWhatFallsBeyondTheHorizon_WhenDealsCloseLate()
    {
        var result = PipelineDemandCalculator.Compute(
            [Line("o1", "CN-1001", 10, 0.5, End.AddDays(3)), Line("o2", "CN-1001", 10, 0.5, new DateOnly(2026, 3, 3))],
            Weeks, End, AsOf, OnTime, OnTime);
        Assert.Equal(5, result.ExpectedUnitsBeyondHorizon["CN-1001"], 12);
        Assert.Equal(10, result.ExpectedUnitsTotal["CN-1001"], 12);
        Assert.Equal(5, result.Points.Sum(p => p.ExpectedUnits), 12);
    }

    [Fact]
    public void Compute_MatchesASimulation_WhenManyDealsAndSlipsMix()
    {
        var slip = DayOffsetDistribution.Learn([-3, 0, 0, 4, 9, 15, 22], OnTime, priorWeight: 0);
        var random = new Random(5);
        var lines = Enumerable.Range(0, 12).Select(i => Line($"o{i}", i % 2 == 0 ? "A" : "B", 5 + random.Next(50), 0.1 + (0.8 * random.NextDouble()), AsOf.AddDays(random.Next(-10, 25)), lead: random.Next(0, 8))).ToArray();
        var result = PipelineDemandCalculator.Compute(lines, Weeks, End, AsOf, slip, OnTime);

        // Monte Carlo of the same process: win each deal with its p, draw its slip given it is still open.
        const int runs = 40_000;
        var sums = new Dictionary<(string, int), double[]>();
        var totals = new double[Weeks.Length * 2];
        var conditionals = lines.Select(l => slip.AtLeast(AsOf.AddDays(1).DayNumber - l.ExpectedCloseOn!.Value.DayNumber).Points).ToArray();
        for (var run = 0; run < runs; run++)
        {
            Array.Clear(totals);
            for (var j = 0; j < lines.Length; j++)
            {
                var l = lines[j];
                if (random.NextDouble() >= l.WinProbability)
                    continue;
                var conditional = conditionals[j];
                var u = random.NextDouble();
                var days = conditional[^1].Days;
                foreach (var (d, q) in conditional)
                {
                    if ((u -= q) < 0)
                    {
                        days = d;
                        break;
                    }
                }
                var k = PipelineDemandCalculator.PeriodOf(Weeks, End, l.ExpectedCloseOn!.Value.AddDays(days + l.LeadTimeDays));
                if (k >= 0)
                    totals[(l.ProductKey == "A" ? 0 : Weeks.Length) + k] += l.Quantity;
            }
            for (var i = 0; i < totals.Length; i++)
            {
                var key = (i < Weeks.Length ? "A" : "B", i % Weeks.Length);
                if (!sums.TryGetValue(key, out var m))
                    sums[key] = m = new double[4];
                for (var power = 0; power < 4; power++)
                    m[power] += Math.Pow(totals[i], power + 1);
            }
        }
        // Within four standard errors of the simulated mean and variance.
        foreach (var point in result.Points)
        {
            var raw = sums[(point.ProductKey, Array.IndexOf(Weeks, point.PeriodStart))].Select(v => v / runs).ToArray();
            var mean = raw[0];
            var variance = raw[1] - (mean * mean);
            var fourth = raw[3] - (4 * mean * raw[2]) + (6 * mean * mean * raw[1]) - (3 * Math.Pow(mean, 4));
            var meanError = 4 * Math.Sqrt(variance / runs);
            var varianceError = 4 * Math.Sqrt(Math.Max(0, fourth - (variance * variance)) / runs);
            Assert.InRange(point.ExpectedUnits, mean - meanError - 1e-9, mean + meanError + 1e-9);
            Assert.InRange(point.Variance, variance - varianceError - 1e-9, variance + varianceError + 1e-9);
        }
    }

    [Fact]
    public void Compute_KeepsNewBusinessApart_WhenSomeLinesAreRepeatBusiness()
    {
        var repeat = Line("o1", "CN-1001", 10, 0.5, new DateOnly(2026, 3, 3)) with { IsNewBusiness = false };
        var fresh = Line("o2", "CN-1001", 30, 0.5, new DateOnly(2026, 3, 3));
        var point = Assert.Single(PipelineDemandCalculator.Compute([repeat, fresh], Weeks, End, AsOf, OnTime, OnTime).Points);
        Assert.Equal(20, point.ExpectedUnits, 12);
        Assert.Equal(15, point.NewBusinessUnits, 12);
        Assert.Equal(900 * 0.25, point.NewBusinessVariance, 9);
    }

    [Fact]
    public void Compute_SpreadsByOrderDelayAfterTheAsOfDay_WhenTheDealIsAlreadyWon()
    {
        // Won on 2-27; orders come 0, 5 or 9 days after the close. The 0-day order would have come by the as-of day,
        // and none is in the history, so the units come on 3-04, 3-08 (week of 3-02) or 3-11 (week of 3-09), a third each.
        var delay = DayOffsetDistribution.Learn([0, 5, 9, 12], OnTime, priorWeight: 0);
        var won = Line("o1", "CN-1001", 60, 1, null) with { ClosedOn = new DateOnly(2026, 2, 27) };
        var result = PipelineDemandCalculator.Compute([won], Weeks, End, AsOf, OnTime, OnTime, delay);
        Assert.Equal([(Weeks[0], 40.0), (Weeks[1], 20.0)], result.Points.Select(p => (p.PeriodStart, Math.Round(p.ExpectedUnits, 9))));
        // The win is certain; only the week is not: 60²·(2/3)·(1/3).
        Assert.Equal(3600 * 2.0 / 9, result.Points[0].Variance, 9);
    }

    [Fact]
    public void PeriodOf_FindsThePeriodHoldingTheDay()
    {
        Assert.Equal(-1, PipelineDemandCalculator.PeriodOf(Weeks, End, Weeks[0].AddDays(-1)));
        Assert.Equal(0, PipelineDemandCalculator.PeriodOf(Weeks, End, Weeks[0]));
        Assert.Equal(1, PipelineDemandCalculator.PeriodOf(Weeks, End, Weeks[1].AddDays(6)));
        Assert.Equal(-1, PipelineDemandCalculator.PeriodOf(Weeks, End, End));
    }
}
