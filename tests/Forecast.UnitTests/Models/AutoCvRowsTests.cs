using Forecast.Modeling.Evaluation;
using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Auto;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

/// <summary>Issue 15: the CV rows <c>auto</c> keeps are exactly the ones its scores and reported error come from.</summary>
public sealed class AutoCvRowsTests
{
    private static RegularSeries Seasonal(int n, int seed)
    {
        var rng = new Random(seed);
        return new RegularSeries([.. Enumerable.Range(0, n).Select(t => 50 + 10 * Math.Sin(2 * Math.PI * t / 12) + 0.3 * t + 4 * rng.NextDouble())], 12);
    }

    private static RegularSeries Sparse(int n, int seed)
    {
        var rng = new Random(seed);
        return new RegularSeries([.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? 1.0 + rng.Next(5) : 0.0)]);
    }

    public static TheoryData<string> Series => new() { "seasonal", "sparse" };

    private static AutoFit Fit(string kind, bool keep = true) =>
        new AutoModel { Horizon = 6, KeepCvRows = keep }.FitAuto(kind == "seasonal" ? Seasonal(72, 3) : Sparse(80, 4));

    private static RegularSeries SeriesOf(string kind) => kind == "seasonal" ? Seasonal(72, 3) : Sparse(80, 4);

    [Theory]
    [MemberData(nameof(Series))]
    public void CvRows_GiveEachCandidatesCvScore_WhenItsSelectionRowsAreAveraged(string kind)
    {
        var fit = Fit(kind);
        Assert.NotEmpty(fit.CvRows);
        foreach (var (model, score) in fit.CvScores)
        {
            var rows = fit.CvRows.Where(r => r.Role == CvRowRole.Selection && r.Candidate == model).ToList();
            Assert.Equal(fit.WindowCount * 6, rows.Count);
            var mae = rows.Where(r => double.IsFinite(r.Actual - r.Forecast)).Average(r => Math.Abs(r.Actual - r.Forecast));
            Assert.Equal(score, mae, 9);
        }
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void CvRows_GiveTheReportedCvMase_WhenTheOuterRowsAreAveragedAndScaled(string kind)
    {
        var fit = Fit(kind);
        var outer = fit.CvRows.Where(r => r.Role == CvRowRole.Outer).ToList();
        Assert.NotEmpty(outer);
        var series = SeriesOf(kind);
        Assert.Equal(Accuracy.NaiveMae(series.Values, series.SeasonLength), fit.CvScale, 12);
        var mase = outer.Where(r => double.IsFinite(r.Actual - r.Forecast)).Average(r => Math.Abs(r.Actual - r.Forecast)) / fit.CvScale;
        Assert.True(double.IsFinite(fit.CvMase));
        Assert.Equal(fit.CvMase, mase, 9);
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void CvRows_MarkOnlyLaterWindowsAsOuter_AndEachOuterPickIsOneOfTheCandidatesOrTheirMean(string kind)
    {
        var fit = Fit(kind);
        var cutoffs = fit.CvRows.Where(r => r.Role == CvRowRole.Selection).Select(r => r.Cutoff).Distinct().Order().ToList();
        Assert.Equal(fit.WindowCount, cutoffs.Count);
        var outerCutoffs = fit.CvRows.Where(r => r.Role == CvRowRole.Outer).Select(r => r.Cutoff).Distinct().ToList();
        // The first window chose nothing it was scored on: the outer split starts at a later window.
        Assert.DoesNotContain(cutoffs[0], outerCutoffs);
        Assert.All(outerCutoffs, c => Assert.Contains(c, cutoffs));
        var names = fit.CvScores.Select(s => s.Model).ToHashSet();
        Assert.All(fit.CvRows.Where(r => r.Role == CvRowRole.Outer), r => Assert.Subset(names, r.Candidate.Split('+').ToHashSet()));
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void CvRows_ForecastOnlyPeriodsAfterTheirCutoff_WithTheHeldOutActual(string kind)
    {
        var fit = Fit(kind);
        var y = SeriesOf(kind).Values;
        Assert.All(fit.CvRows, r =>
        {
            Assert.InRange(r.Step, 1, 6);
            Assert.True(r.Target >= r.Cutoff, $"target {r.Target} before cutoff {r.Cutoff}");
            Assert.Equal(y[r.Target], r.Actual);
        });
    }

    [Fact]
    public void CvRows_AreEmptyAndTheFitIsTheSame_WhenNotAskedFor()
    {
        var with = Fit("seasonal");
        var without = Fit("seasonal", keep: false);
        Assert.Empty(without.CvRows);
        Assert.Equal(with.CvMase, without.CvMase);
        Assert.Equal(with.Chosen, without.Chosen);
        Assert.Equal(with.Predict(6, [80]).Mean, without.Predict(6, [80]).Mean);
    }

    [Fact]
    public void CvRows_HaveNoOuterRows_WhenTheSeriesIsTooShortToBacktest()
    {
        var fit = new AutoModel { Horizon = 6, KeepCvRows = true }.FitAuto(new RegularSeries([3.0, 4, 5, 4, 3]));
        Assert.Equal(0, fit.WindowCount);
        Assert.Empty(fit.CvRows);
    }
}
