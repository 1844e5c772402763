using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

/// <summary>One synthetic pipeline and one trained model, shared by the tests that only read them.</summary>
public sealed class TrainedWorld
{
    public static readonly DateOnly AsOf = SyntheticPipeline.Start.AddDays(540);

    public TrainedWorld()
    {
        (var data, Truth) = SyntheticPipeline.Generate(1500, seed: 7);
        History = new DealHistory(data);
        Set = TrainingSet.Build(History, AsOf, Options, out var reason) ?? throw new InvalidOperationException(reason);
        Model = WinProbabilityModel.Train(History, AsOf, Options, Set);
        // The open pipeline that day (deals a week old or more, so they have a history to read).
        Test = History.Deals.Where(d => d.ClosedOn > AsOf && d.OpenedOn <= AsOf.AddDays(-7)).ToArray();
        Features = Test.Select(d => History.FeaturesAsOf(d, AsOf)).ToArray();
        Labels = Test.Select(d => d.Outcome == DealOutcome.Won).ToArray();
    }

    public WinProbabilityOptions Options { get; } = new();
    public Dictionary<string, double> Truth { get; }
    public DealHistory History { get; }
    public TrainingSet Set { get; }
    public WinProbabilityModel Model { get; }
    public Deal[] Test { get; }
    public DealFeatures[] Features { get; }
    public bool[] Labels { get; }
}

public sealed class WinProbabilityModelTests(TrainedWorld world) : IClassFixture<TrainedWorld>
{
    [Fact]
    public void Train_RanksTheOpenPipelineAlmostAsWellAsTheTruth_WhenTheSignalIsInActivitiesAndReps()
    {
        Assert.Equal(ScoreMode.Classifier, world.Model.Mode);
        var scores = world.Model.Score(world.Test, world.Features);
        var ours = BinaryMetrics.Evaluate(scores.Select(s => s.Probability).ToArray(), world.Labels);
        var lowData = BinaryMetrics.Evaluate(scores.Select(s => s.LowDataProbability).ToArray(), world.Labels);
        var truth = BinaryMetrics.Evaluate(world.Test.Select(d => world.Truth[d.Id]).ToArray(), world.Labels);
        // The generating probabilities rank these deals at AUC ≈ 0.85; reps and customers alone (low-data) ≈ 0.69.
        Assert.True(ours.Auc > truth.Auc - 0.1, $"AUC {ours.Auc:0.000} vs truth {truth.Auc:0.000}");
        Assert.True(ours.LogLoss < lowData.LogLoss, $"log loss {ours.LogLoss:0.000} vs low-data {lowData.LogLoss:0.000}");
        Assert.True(ours.Brier < lowData.Brier, $"Brier {ours.Brier:0.000} vs low-data {lowData.Brier:0.000} (truth {truth.Brier:0.000})");
        Assert.All(scores, s => Assert.InRange(s.Probability, 0, 1));
    }

    [Fact]
    public void Score_ExplainsWithActivity_WhenADealIsHot()
    {
        var scores = world.Model.Score(world.Test, world.Features);
        // Customers in touch every few days: the first reason should be about activity, and raise the score.
        var hot = scores.Where((s, i) => world.Features[i].DaysSinceLastActivity <= 5 && world.Features[i].RecentActivities.Values.Sum() >= 8).ToArray();
        Assert.NotEmpty(hot);
        var aboutActivity = hot.Count(s => s.Factors.Count > 0 && s.Factors[0].Group.StartsWith("activity", StringComparison.Ordinal) && s.Factors[0].Effect > 0);
        Assert.True(aboutActivity > hot.Length / 2, $"{aboutActivity} of {hot.Length}");
        Assert.All(scores, s => Assert.True(s.Factors.Count <= world.Options.TopFactors));
    }

    [Fact]
    public void Score_BlendsTheTwoModels_WhenBetweenTheThresholds()
    {
        var options = world.Options with { ClassifierMinClosedPerClass = 30, ClassifierFullClosedPerClass = 5000 };
        var model = WinProbabilityModel.Train(world.History, TrainedWorld.AsOf, options, world.Set, reuse: world.Model.Classifier);
        Assert.Equal(ScoreMode.Blend, model.Mode);
        var w = model.ClassifierWeight;
        Assert.InRange(w, 0.01, 0.99);
        foreach (var s in model.Score(world.Test, world.Features))
        {
            Assert.Equal(ScoreMode.Blend, s.Mode);
            Assert.Equal((w * s.ClassifierProbability!.Value) + ((1 - w) * s.LowDataProbability), s.Probability, 12);
        }
    }

    [Fact]
    public void SaveAndLoad_GiveTheSameProbabilities_WhenRoundTripped()
    {
        var classifier = world.Model.Classifier!;
        var loaded = WinRateClassifier.Load(classifier.Save());
        var x = world.Features.Select(world.Set.Schema.Encode).ToArray();
        Assert.Equal(classifier.Probabilities(x), loaded.Probabilities(x));
        Assert.Equal(world.Set.Schema.Describe(), loaded.Schema.Describe());
        Assert.Equal(classifier.Validation, loaded.Validation);
        Assert.Equal(classifier.Calibrator, loaded.Calibrator);
    }

    [Fact]
    public void Train_IsDeterministic_WhenTheDataAndSeedAreTheSame()
    {
        var again = TrainingSet.Build(new DealHistory(SyntheticPipeline.Generate(1500, seed: 7).Data), TrainedWorld.AsOf, world.Options, out _)!;
        Assert.Equal(world.Set.Fingerprint, again.Fingerprint);
        var x = world.Features.Select(world.Set.Schema.Encode).ToArray();
        var a = WinRateClassifier.Train(world.Set.Schema, world.Set.Labelled(), world.Options.Classifier).Scores(x);
        var b = WinRateClassifier.Train(again.Schema, again.Labelled(), world.Options.Classifier).Scores(x);
        Assert.Equal(a, b);
    }
}

public sealed class LowDataModeTests
{
    [Fact]
    public void Train_UsesOnlyTheLowDataRates_WhenFewDealsClosed()
    {
        var (data, _) = SyntheticPipeline.Generate(40, seed: 3, spanDays: 200);
        var history = new DealHistory(data);
        var asOf = SyntheticPipeline.Start.AddDays(200);
        var options = new WinProbabilityOptions();
        Assert.Null(TrainingSet.Build(history, asOf, options, out var reason));
        Assert.Contains("the classifier needs", reason, StringComparison.Ordinal);

        var model = WinProbabilityModel.Train(history, asOf, options, null);
        var scores = model.Score(history, history.Deals.Take(5).ToArray(), asOf);
        Assert.Equal(ScoreMode.LowData, model.Mode);
        Assert.All(scores, s =>
        {
            Assert.Equal(ScoreMode.LowData, s.Mode);
            Assert.Null(s.ClassifierProbability);
            Assert.Equal(s.LowDataProbability, s.Probability);
            Assert.InRange(s.Probability, 0.01, 0.99);
        });
    }

    [Theory]
    [InlineData(29, 500, 0.0)]
    [InlineData(30, 500, 1.0 / 121)]
    [InlineData(90, 100, 61.0 / 121)]
    [InlineData(150, 150, 1.0)]
    [InlineData(400, 300, 1.0)]
    public void HandOverWeight_GrowsLinearlyWithTheSmallerClass_BetweenTheThresholds(int won, int lost, double expected)
    {
        var options = new WinProbabilityOptions { ClassifierMinClosedPerClass = 30, ClassifierFullClosedPerClass = 150 };
        Assert.Equal(expected, WinProbabilityModel.HandOverWeight(new WinCount(won, won + lost), options), 12);
    }

    [Fact]
    public void Estimate_IsTheGlobalRate_WhenNothingIsKnownAboutTheDeal()
    {
        var closed = Enumerable.Range(0, 10).Select(i => new Deal($"c{i}", new DateOnly(2026, 1, 1))
        {
            Outcome = i < 3 ? DealOutcome.Won : DealOutcome.Lost,
            ClosedOn = new DateOnly(2026, 2, 1),
        }).ToArray();
        var open = new Deal("open", new DateOnly(2026, 2, 10));
        var history = new DealHistory(new DealHistoryData { Deals = [.. closed, open] });
        var asOf = new DateOnly(2026, 3, 1);
        var model = LowDataWinRateModel.Fit(history, asOf);
        var estimate = model.Estimate(open, history.FeaturesAsOf(open, asOf));
        // Laplace: (3 + 1) / (10 + 2).
        Assert.Equal(4.0 / 12.0, estimate.Probability, 9);
    }

    [Fact]
    public void Estimate_FollowsTheStagePrior_WhenNoStageHasHistory()
    {
        var open = new Deal("open", new DateOnly(2026, 2, 10));
        var history = new DealHistory(new DealHistoryData
        {
            Deals = [open],
            Observations = [new DealObservation("open", new DateOnly(2026, 2, 28), "Negotiation", null)],
        });
        var asOf = new DateOnly(2026, 3, 1);
        var model = LowDataWinRateModel.Fit(history, asOf, new Dictionary<string, double> { ["Negotiation"] = 0.8 });
        var estimate = model.Estimate(open, history.FeaturesAsOf(open, asOf));
        Assert.Equal(0.8, estimate.Probability, 9);
        Assert.Contains(estimate.Factors, f => f.Group == "stage" && f.Text == "stage Negotiation (typically 80% won)");
    }

    [Fact]
    public void Estimate_SaysHowTheRepDid_WhenTheRepHasClosedDeals()
    {
        var deals = new List<Deal>();
        for (var i = 0; i < 4; i++)
            deals.Add(new Deal($"a{i}", new DateOnly(2026, 1, 1)) { RepKey = "ann", TeamKey = "North", Outcome = i < 3 ? DealOutcome.Won : DealOutcome.Lost, ClosedOn = new DateOnly(2026, 1, 20) });
        var open = new Deal("open", new DateOnly(2026, 2, 10)) { RepKey = "ann", TeamKey = "North" };
        deals.Add(open);
        var history = new DealHistory(new DealHistoryData { Deals = deals });
        var model = LowDataWinRateModel.Fit(history, new DateOnly(2026, 3, 1));
        var estimate = model.Estimate(open, history.FeaturesAsOf(open, new DateOnly(2026, 3, 1)));
        Assert.Contains(estimate.Factors, f => f.Text == "the rep won 3 of 4 closed deals (75%)");
    }
}
