using Forecast.Modeling.Evaluation;
using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Auto;
using Forecast.Modeling.Models.Ets;
using Forecast.Modeling.Models.Intermittent;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

public sealed class AutoModelTests
{
    private static double[] Intermittent(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? 1 + rng.Next(5) : 0.0).ToArray();
    }

    [Fact]
    public void FitAuto_UsesIntermittentCandidates_WhenDemandIsSparse()
    {
        var fit = new AutoModel { Horizon = 6 }.FitAuto(new RegularSeries(Intermittent(60, 1)));
        Assert.True(fit.Profile.Pattern is DemandPattern.Intermittent or DemandPattern.Lumpy);
        Assert.Contains(fit.CvScores, s => s.Model == "tsb");
        Assert.DoesNotContain(fit.CvScores, s => s.Model == "ets");
    }

    [Fact]
    public void Predict_NeverReturnsNegative_WhenSeriesIsDemand()
    {
        var y = Intermittent(60, 2);
        var f = new AutoModel { Horizon = 6 }.Fit(new RegularSeries(y)).Predict(6, [80, 95]);
        Assert.All(f.Mean, v => Assert.True(v >= 0));
        Assert.All(f.Intervals.SelectMany(i => i.Lower), v => Assert.True(v >= 0));
    }

    [Fact]
    public void FitAuto_PicksTheCandidateWithLowestCvError_WhenSelectingTheBest()
    {
        // A straight line: drift forecasts it exactly, the historic mean cannot.
        var y = Enumerable.Range(0, 40).Select(t => 5.0 + 2 * t).ToArray();
        var fit = new AutoModel
        {
            Horizon = 4,
            Selection = SelectionMode.Best,
            SmoothCandidates = [new HistoricAverageModel(), new RandomWalkWithDriftModel()],
        }.FitAuto(new RegularSeries(y));
        Assert.Equal(["rwd"], fit.Chosen);
        Assert.Equal(85.0, fit.Predict(1, []).Mean[0], 9);
        Assert.Equal(0.0, fit.CvScores.Single(s => s.Model == "rwd").Score, 9);
    }

    [Fact]
    public void FitAuto_ServesTheBetterSingleCandidate_WhenTheOtherIsMuchWorseInCv()
    {
        // Issue 15: with two candidates the old default (mean of the best 2) averaged the bad one in regardless.
        var y = Enumerable.Range(0, 40).Select(t => 5.0 + 2 * t).ToArray();
        var fit = new AutoModel { Horizon = 4, SmoothCandidates = [new HistoricAverageModel(), new RandomWalkWithDriftModel()] }
            .FitAuto(new RegularSeries(y));
        Assert.Equal(["rwd"], fit.Chosen);
        Assert.Equal(85.0, fit.Predict(1, []).Mean[0], 9);
    }

    private sealed record ConstantModel(double Value) : IForecastModel
    {
        public string Name => $"c{Value}";
        public IFittedModel Fit(RegularSeries series) => new ConstantFit(Value, series.Values.Length);
    }

    private sealed record ConstantFit(double Value, int N) : IFittedModel
    {
        public string Description => $"c{Value}";
        public IReadOnlyList<double> Fitted => Enumerable.Repeat(Value, N).ToArray();
        public ForecastResult Predict(int horizon, IReadOnlyList<double> levels) =>
            Intervals.Gaussian(Enumerable.Repeat(Value, horizon).ToArray(), Enumerable.Repeat(1.0, horizon).ToArray(), levels);
    }

    [Fact]
    public void FitAuto_ServesACombination_WhenItsCvErrorBeatsEverySingleCandidate()
    {
        var y = Enumerable.Repeat(10.0, 40).ToArray();
        var fit = new AutoModel { Horizon = 4, SmoothCandidates = [new ConstantModel(8), new ConstantModel(12), new ConstantModel(30)] }
            .FitAuto(new RegularSeries(y));
        Assert.Equal(["c8", "c12"], fit.Chosen);
        Assert.Equal(10.0, fit.Predict(1, []).Mean[0], 9);
    }

    [Fact]
    public void FitAuto_WeightsTheClearlyBetterCandidateAlmostFully_WhenSelectionIsWeighted()
    {
        // CV errors 1 and 10: inverse-squared weights 100 : 1.
        var y = Enumerable.Repeat(10.0, 40).ToArray();
        var fit = new AutoModel { Horizon = 4, Selection = SelectionMode.Weighted, SmoothCandidates = [new ConstantModel(20), new ConstantModel(11)] }
            .FitAuto(new RegularSeries(y));
        Assert.Equal(["c11", "c20"], fit.Chosen);
        Assert.Equal(100.0 / 101, fit.Weights[0], 9);
        Assert.Equal((11.0 * 100 + 20) / 101, fit.Predict(1, []).Mean[0], 9);
    }

    [Fact]
    public void FitAuto_KeepsTheEqualCombination_WhenWeightedCandidatesTieInCv()
    {
        var y = Enumerable.Repeat(10.0, 40).ToArray();
        var fit = new AutoModel { Horizon = 4, Selection = SelectionMode.Weighted, SmoothCandidates = [new ConstantModel(8), new ConstantModel(12)] }
            .FitAuto(new RegularSeries(y));
        Assert.Equal(2, fit.Chosen.Count);
        Assert.All(fit.Weights, w => Assert.Equal(0.5, w, 9));
        Assert.Equal(10.0, fit.Predict(1, []).Mean[0], 9);
    }

    [Fact]
    public void FitAuto_DropsTheClearlyWorseCandidate_WhenSelectionIsTrimmed()
    {
        // CV errors 1, 1.05 and 10: the first two are within 10% of the best and averaged, the third is trimmed.
        var y = Enumerable.Repeat(10.0, 40).ToArray();
        var fit = new AutoModel
        {
            Horizon = 4,
            Selection = SelectionMode.Trimmed,
            TrimRatio = 0.1,
            SmoothCandidates = [new ConstantModel(20), new ConstantModel(11), new ConstantModel(8.95)],
        }.FitAuto(new RegularSeries(y));
        Assert.Equal(["c11", "c8.95"], fit.Chosen);
        Assert.Equal((11 + 8.95) / 2, fit.Predict(1, []).Mean[0], 9);
    }

    [Fact]
    public void FitAuto_ServesTheBestAlone_WhenNoOtherCandidateIsWithinTheTrimRatio()
    {
        var y = Enumerable.Repeat(10.0, 40).ToArray();
        var fit = new AutoModel
        {
            Horizon = 4,
            Selection = SelectionMode.Trimmed,
            TrimRatio = 0.1,
            SmoothCandidates = [new ConstantModel(12), new ConstantModel(11)],
        }.FitAuto(new RegularSeries(y));
        Assert.Equal(["c11"], fit.Chosen);
    }

    /// <summary>Demand of 3 every third period: intermittent (ADI 3), mean 1, median 0.</summary>
    private static double[] EveryThird(int n) => [.. Enumerable.Range(0, n).Select(t => t % 3 == 2 ? 3.0 : 0.0)];

    [Fact]
    public void FitAuto_RanksIntermittentCandidatesByMae_WhichMaseScores()
    {
        // MAE of a constant c here is 1 + c/3, so 0.1 beats 1; squared error prefers the mean, 1. The old RMSE
        // ranking served the higher level, which MASE then scored worse (car parts, M5 sample).
        IForecastModel[] pool = [new ConstantModel(0.1), new ConstantModel(1)];
        var y = new RegularSeries(EveryThird(60));
        var byMae = new AutoModel { Horizon = 6, IntermittentCandidates = pool }.FitAuto(y);
        var byRmse = new AutoModel { Horizon = 6, IntermittentCandidates = pool, IntermittentMetric = CvMetric.Rmse }.FitAuto(y);
        Assert.Equal(DemandPattern.Intermittent, byMae.Profile.Pattern);
        Assert.Equal(["c0.1"], byMae.Chosen);
        Assert.Equal(["c1"], byRmse.Chosen);
    }

    [Fact]
    public void FitAuto_BacktestsIntermittentSeriesOnMoreWindows_ThanSmoothOnes()
    {
        var intermittent = new AutoModel { Horizon = 6 }.FitAuto(new RegularSeries(EveryThird(60)));
        var smooth = new AutoModel { Horizon = 6 }.FitAuto(new RegularSeries([.. Enumerable.Range(0, 60).Select(t => 50.0 + t + 5 * Math.Sin(t))]));
        Assert.Equal(5, intermittent.WindowCount);
        Assert.Equal(3, smooth.WindowCount);
    }

    [Fact]
    public void DefaultIntermittent_IncludesThetaAndTheMeanButNotTheWindowAverage()
    {
        // The window average forecasts zero after a run of zeros; Theta and the historic mean were the sets' best.
        var names = AutoModel.DefaultIntermittent.Select(m => m.Name).ToList();
        Assert.Contains("theta", names);
        Assert.Contains("mean", names);
        Assert.DoesNotContain("window_average", names);
    }

    [Fact]
    public void FitAuto_ReportsTheCvErrorOfWindowsTheChoiceDidNotSee()
    {
        // Windows at 28, 32, 36 (h = 4); the level jumps from 10 to 20 at t = 32. Over all three windows c20 wins
        // (MAE 3.33), but the choice made before each window (c10 after window 0, c10 on a tie after windows 0–1)
        // misses windows 1 and 2 by 10.
        var y = Enumerable.Range(0, 40).Select(t => t < 32 ? 10.0 : 20.0).ToArray();
        var fit = new AutoModel { Horizon = 4, Windows = 3, Step = 4, SmoothCandidates = [new ConstantModel(10), new ConstantModel(20)] }
            .FitAuto(new RegularSeries(y));
        Assert.Equal(["c20"], fit.Chosen);
        Assert.Equal(10 / Accuracy.NaiveMae(y, 1), fit.CvMase, 9);
    }

    /// <summary>Records every fit: the series length and whether the structure search was narrowed.</summary>
    private sealed record SearchingModel(List<(int Length, bool Narrowed)> Log, bool Narrowed = false) : IForecastModel, IStructureSearch
    {
        public string Name => "search";

        public IFittedModel Fit(RegularSeries series)
        {
            Log.Add((series.Values.Length, Narrowed));
            return new ConstantFit(series.Values[^1], series.Values.Length);
        }

        public IForecastModel Narrow(IFittedModel earlierFit, int keep) => this with { Narrowed = true };

        public bool NarrowedSearchServesFinalFit => true;
    }

    [Fact]
    public void FitAuto_SearchesStructureFreelyOnlyOnTheEarliestWindowsData_WhenACandidateSearchesItsOwn()
    {
        var log = new List<(int Length, bool Narrowed)>();
        new AutoModel { Horizon = 4, Windows = 3, Step = 4, SmoothCandidates = [new SearchingModel(log)] }
            .FitAuto(new RegularSeries(Enumerable.Range(0, 40).Select(t => (double)t).ToArray()));
        // Cutoffs 28, 32, 36 and the full history: only the earliest cutoff searches freely.
        Assert.Equal([(28, false), (32, true), (36, true), (40, true)], log);
    }

    [Fact]
    public void FitAuto_ReportsTheCvErrorOnlyFromWindowsWhoseChoiceEndedBeforeThem_WhenWindowsOverlap()
    {
        // Step 2 < h = 4: cutoffs 32, 34, 36. Window 1 (34) overlaps window 0's test period (32–35), so only window 2
        // (36) has a choice made on windows that ended by its cutoff (window 0). The level jumps to 20 at t = 36:
        // c10, chosen on window 0, misses window 2 by 10 at every step.
        var y = Enumerable.Range(0, 40).Select(t => t < 36 ? 10.0 : 20.0).ToArray();
        var fit = new AutoModel { Horizon = 4, Windows = 3, Step = 2, SmoothCandidates = [new ConstantModel(10), new ConstantModel(20)] }
            .FitAuto(new RegularSeries(y));
        Assert.Equal(10 / Accuracy.NaiveMae(y, 1), fit.CvMase, 9);
    }

    [Fact]
    public void Narrow_KeepsTheBestRankedForms_WhenEtsSelectedAutomatically()
    {
        var rng = new Random(3);
        var y = Enumerable.Range(0, 60).Select(t => (50 + t) * (1 + 0.3 * Math.Sin(2 * Math.PI * t / 12)) + rng.NextDouble()).ToArray();
        var ets = new EtsModel();
        var fit = ets.FitEts(new RegularSeries(y, 12));
        Assert.Equal(fit.Spec, fit.Ranking[0].Spec);
        Assert.True(fit.Ranking.Zip(fit.Ranking.Skip(1)).All(p => p.First.Criterion <= p.Second.Criterion));
        var narrowed = Assert.IsType<EtsModel>(ets.Narrow(fit, 2));
        Assert.Equal([fit.Ranking[0].Spec, fit.Ranking[1].Spec], narrowed.Forms);
        Assert.Equal(fit.Spec, narrowed.FitEts(new RegularSeries(y, 12)).Spec);
    }

    [Fact]
    public void FitAuto_AveragesTheBestTwo_WhenCombining()
    {
        var y = Enumerable.Range(0, 40).Select(t => 5.0 + 2 * t).ToArray();
        var fit = new AutoModel
        {
            Horizon = 4,
            Selection = SelectionMode.MeanOfBest,
            BestCount = 2,
            SmoothCandidates = [new HistoricAverageModel(), new RandomWalkWithDriftModel(), new NaiveModel()],
        }.FitAuto(new RegularSeries(y));
        Assert.Equal(["rwd", "naive"], fit.Chosen);
        // drift: 85, naive: 83.
        Assert.Equal(84.0, fit.Predict(1, []).Mean[0], 9);
    }

    [Fact]
    public void Predict_GivesConformalIntervalsThatWidenWithLevel_WhenCvWindowsExist()
    {
        var rng = new Random(5);
        var y = Enumerable.Range(0, 80).Select(t => 100 + 10 * Math.Sin(2 * Math.PI * t / 12) + 3 * rng.NextDouble()).ToArray();
        var fit = new AutoModel { Horizon = 6, Windows = 3 }.FitAuto(new RegularSeries(y, 12));
        Assert.True(fit.ConformalIntervals);
        var f = fit.Predict(6, [50, 80, 95]);
        for (var k = 0; k < 6; k++)
        {
            Assert.True(f.Intervals[0].Upper[k] - f.Intervals[0].Lower[k] <= f.Intervals[1].Upper[k] - f.Intervals[1].Lower[k]);
            Assert.True(f.Intervals[1].Upper[k] - f.Intervals[1].Lower[k] <= f.Intervals[2].Upper[k] - f.Intervals[2].Lower[k]);
        }
    }

    [Fact]
    public void ConformalQuantile_TakesTheCeilNPlusOneRank_WhenScoresAreSorted()
    {
        double[] scores = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        // ⌈10 × 0.8⌉ = 8th smallest.
        Assert.Equal(8.0, AutoFit.ConformalQuantile(scores, 0.8));
        Assert.Equal(9.0, AutoFit.ConformalQuantile(scores, 0.95));
    }

    private sealed record ThrowingModel : IForecastModel
    {
        public string Name => "throws";
        public IFittedModel Fit(RegularSeries series) => throw new InvalidOperationException("boom");
    }

    [Fact]
    public void FitAuto_SkipsFailingCandidates_WhenOthersWork()
    {
        var fit = new AutoModel { Horizon = 3, SmoothCandidates = [new ThrowingModel(), new NaiveModel()] }
            .FitAuto(new RegularSeries(Enumerable.Range(0, 30).Select(t => (double)t).ToArray()));
        Assert.Equal(["naive"], fit.Chosen);
    }

    [Fact]
    public void FallbackModel_UsesFallback_WhenPrimaryThrows()
    {
        var fit = new FallbackModel(new ThrowingModel(), new CrostonModel()).Fit(new RegularSeries([0.0, 1, 0, 2]));
        Assert.StartsWith("fallback:", fit.Description, StringComparison.Ordinal);
        Assert.True(fit.Predict(2, []).IsFinite);
    }
}
