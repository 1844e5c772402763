using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class TrainingSetTests
{
    [Fact]
    public void Snapshots_DescribeOnlyDaysTheDealWasOpen_WhenBuilt()
    {
        var deal = new Deal("t", new DateOnly(2026, 1, 5)) { Outcome = DealOutcome.Won, ClosedOn = new DateOnly(2026, 2, 20) };
        var history = new DealHistory(new DealHistoryData { Deals = [deal] });
        var days = TrainingSet.Snapshots(history, deal, deal.OpenedOn, 14).Select(s => s.Features.AsOf).ToArray();
        Assert.Equal(deal.OpenedOn, days[0]);
        Assert.All(days, d => Assert.True(d < deal.ClosedOn));
        // The grid is shared by all deals: every day after the first is 2000-01-03 plus a multiple of 14.
        Assert.All(days.Skip(1), d => Assert.Equal(0, (d.DayNumber - new DateOnly(2000, 1, 3).DayNumber) % 14));
        Assert.Equal(days.Length - 1, days.Skip(1).Count(d => d > deal.OpenedOn));
    }

    [Fact]
    public void Build_KeepsEveryCalibrationScoreOutOfTime_WhenFoldsAreCut()
    {
        var (data, _) = SyntheticPipeline.Generate(1200, seed: 5);
        var history = new DealHistory(data);
        var asOf = SyntheticPipeline.Start.AddDays(600);
        var set = TrainingSet.Build(history, asOf, new WinProbabilityOptions(), out var reason);
        Assert.True(set is not null, reason);
        Assert.InRange(set.Folds.Count, 1, 4);
        foreach (var fold in set.Folds)
        {
            // Whole calendar quarters, trained only on deals closed before, scoring deals closed within.
            Assert.Equal(1, fold.From.Day);
            Assert.Equal(0, (fold.From.Month - 1) % 3);
            Assert.All(fold.TrainRows, i => Assert.True(set.Rows[i].Deal.ClosedOn < fold.From));
            Assert.All(fold.ScoreRows, r =>
            {
                Assert.InRange(r.Deal.ClosedOn!.Value, fold.From, fold.Until.AddDays(-1));
                Assert.True(r.Features.AsOf < r.Deal.ClosedOn);
                Assert.True(r.Features.AsOf >= fold.From.AddDays(-1));
            });
        }
        Assert.All(set.Rows, r => Assert.True(r.Deal.ClosedOn <= asOf && r.Features.AsOf < r.Deal.ClosedOn));
    }
}
