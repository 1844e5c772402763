namespace Forecast.Modeling.WinRates;

/// <summary>Settings of the win-probability model (the defaults are what the product and the benchmark use).</summary>
public sealed record WinProbabilityOptions
{
    public int Seed { get; init; } = 42;
    /// <summary>Closed deals give a training row every this many days while they were open.</summary>
    public int SnapshotStepDays { get; init; } = 14;
    /// <summary>Complete calendar quarters (forward-chaining folds) whose out-of-time scores fit the calibrator.</summary>
    public int CalibrationFolds { get; init; } = 4;
    /// <summary>Below this many won (or lost) closed deals only the low-data rates score.</summary>
    public int ClassifierMinClosedPerClass { get; init; } = 30;
    /// <summary>From this many won and lost closed deals the classifier alone scores; in between, a linear blend.</summary>
    public int ClassifierFullClosedPerClass { get; init; } = 150;
    public int MinCategoryCount { get; init; } = 20;
    public int TopFactors { get; init; } = 3;
    public ClassifierOptions Classifier { get; init; } = new();
    public RatePriorOptions Rates { get; init; } = new();
    /// <summary>Typical win rates by stage name: the prior of the low-data stage rates until stages have history.</summary>
    public IReadOnlyDictionary<string, double> StagePriors { get; init; } = new Dictionary<string, double>();
}

/// <summary>Which model produced a score.</summary>
public enum ScoreMode
{
    /// <summary>Only the shrunk rates: too few closed deals for the classifier.</summary>
    LowData,
    /// <summary>A weighted mix while the classifier takes over.</summary>
    Blend,
    Classifier,
}

/// <summary>A scored open deal.</summary>
public sealed record WinScore(
    string DealId,
    double Probability,
    ScoreMode Mode,
    double LowDataProbability,
    double? ClassifierProbability,
    IReadOnlyList<ScoreFactor> Factors);

/// <summary>
/// The win probability of open deals: the low-data rates (<see cref="LowDataWinRateModel"/>) from the first
/// closed deal, the calibrated classifier (<see cref="WinRateClassifier"/>) once
/// <see cref="WinProbabilityOptions.ClassifierMinClosedPerClass"/> won and lost deals exist, and between that and
/// <see cref="WinProbabilityOptions.ClassifierFullClosedPerClass"/> a linear blend whose weight grows with the
/// smaller class, so scores do not jump the day the classifier arrives. A convex mix of calibrated probabilities
/// stays calibrated when both are.
/// </summary>
public sealed class WinProbabilityModel
{
    public WinProbabilityModel(LowDataWinRateModel lowData, WinRateClassifier? classifier, WinProbabilityOptions options)
    {
        LowData = lowData;
        Classifier = classifier;
        Options = options;
        ClassifierWeight = classifier is null ? 0 : HandOverWeight(lowData.Closed, options);
    }

    public LowDataWinRateModel LowData { get; }
    public WinRateClassifier? Classifier { get; }
    public WinProbabilityOptions Options { get; }
    /// <summary>The classifier's share of each probability, in [0, 1].</summary>
    public double ClassifierWeight { get; }

    public ScoreMode Mode => ClassifierWeight switch
    {
        <= 0 => ScoreMode.LowData,
        >= 1 => ScoreMode.Classifier,
        _ => ScoreMode.Blend,
    };

    /// <summary>The classifier's weight for a given number of closed deals.</summary>
    public static double HandOverWeight(WinCount closed, WinProbabilityOptions options)
    {
        var smaller = Math.Min(closed.Won, closed.Lost);
        if (smaller < options.ClassifierMinClosedPerClass)
            return 0;
        var span = options.ClassifierFullClosedPerClass - options.ClassifierMinClosedPerClass;
        return span <= 0 ? 1 : Math.Clamp((smaller - options.ClassifierMinClosedPerClass + 1) / (double)(span + 1), 0, 1);
    }

    /// <summary>
    /// Trains from the deals closed by the end of <paramref name="asOf"/>. A classifier that was already trained
    /// on the same <see cref="TrainingSet"/> can be passed in <paramref name="reuse"/> (compare fingerprints).
    /// </summary>
    public static WinProbabilityModel Train(DealHistory history, DateOnly asOf, WinProbabilityOptions options, TrainingSet? trainingSet, WinRateClassifier? reuse = null)
    {
        var lowData = LowDataWinRateModel.Fit(history, asOf, options.StagePriors, options.Rates);
        WinRateClassifier? classifier = null;
        if (trainingSet is not null)
        {
            classifier = reuse ?? WinRateClassifier.TrainCalibrated(trainingSet, options.Classifier with { Seed = options.Seed });
        }
        return new WinProbabilityModel(lowData, classifier, options);
    }

    /// <summary>Scores <paramref name="deals"/> as of the end of <paramref name="asOf"/>.</summary>
    public IReadOnlyList<WinScore> Score(DealHistory history, IReadOnlyList<Deal> deals, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(history);
        var features = deals.AsParallel().AsOrdered().Select(d => history.FeaturesAsOf(d, asOf)).ToArray();
        return Score(deals, features);
    }

    /// <summary>Scores deals already described (each row as of its own day).</summary>
    public IReadOnlyList<WinScore> Score(IReadOnlyList<Deal> deals, IReadOnlyList<DealFeatures> features)
    {
        var low = deals.Select((d, i) => LowData.Estimate(d, features[i])).ToArray();
        double[]? classifier = null;
        IReadOnlyList<ScoreFactor>[]? reasons = null;
        if (Classifier is not null && ClassifierWeight > 0)
        {
            var x = features.AsParallel().AsOrdered().Select(Classifier.Schema.Encode).ToArray();
            classifier = Classifier.Probabilities(x);
            reasons = Classifier.Explain(x, features, Options.TopFactors);
            // A classifier that never saw stages (none observed in its training rows) gets the stage evidence
            // of the low-data rates added to its log-odds, so a Negotiation deal is not scored as a Prospecting one.
            if (!Classifier.Schema.Categories.ContainsKey("stage"))
            {
                for (var i = 0; i < classifier.Length; i++)
                {
                    var offset = LowData.StageLogOdds(features[i].Stage);
                    if (offset == 0)
                        continue;
                    var adjusted = LowDataWinRateModel.Sigmoid(LowDataWinRateModel.Logit(classifier[i]) + offset);
                    var stage = low[i].Factors.FirstOrDefault(f => f.Group == "stage");
                    reasons[i] = [.. reasons[i], stage is null ? FactorText.Factor("stage", features[i], adjusted - classifier[i]) : stage with { Effect = adjusted - classifier[i] }];
                    classifier[i] = adjusted;
                }
            }
        }

        var w = ClassifierWeight;
        var scores = new WinScore[deals.Count];
        for (var i = 0; i < deals.Count; i++)
        {
            double? c = classifier?[i];
            var p = c is { } cp ? (w * cp) + ((1 - w) * low[i].Probability) : low[i].Probability;
            var factors = (reasons?[i] ?? []).Select(f => f with { Effect = f.Effect * w })
                .Concat(low[i].Factors.Select(f => f with { Effect = f.Effect * (c is null ? 1 : 1 - w) }))
                .GroupBy(f => f.Group, StringComparer.Ordinal)
                .Select(g => g.OrderByDescending(f => Math.Abs(f.Effect)).First() with { Effect = g.Sum(f => f.Effect) })
                .Where(f => Math.Abs(f.Effect) >= 0.005)
                .OrderByDescending(f => Math.Abs(f.Effect))
                .Take(Options.TopFactors)
                .ToArray();
            scores[i] = new WinScore(deals[i].Id, p, c is null ? ScoreMode.LowData : Mode, low[i].Probability, c, factors);
        }
        return scores;
    }
}
