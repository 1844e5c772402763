using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Forecast.Modeling.WinRates;

public enum ClassifierKind
{
    /// <summary>Gradient-boosted trees (Friedman, "Greedy function approximation", Annals of Statistics 29, 2001).</summary>
    FastTree,
    /// <summary>L2-regularised logistic regression on standardised features (the benchmark's baseline).</summary>
    LogisticRegression,
}

/// <summary>Settings of <see cref="WinRateClassifier"/>. The tree defaults are deliberately conservative: CRM outcomes are noisy.</summary>
public sealed record ClassifierOptions
{
    public ClassifierKind Kind { get; init; } = ClassifierKind.FastTree;
    public int Seed { get; init; } = 42;
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 8;
    public double LearningRate { get; init; } = 0.03;
    /// <summary>At least this many rows per leaf (raised to 1% of the rows on big data).</summary>
    public int MinExamplesPerLeaf { get; init; } = 50;
    public double FeatureFraction { get; init; } = 0.8;
    public float L2Regularization { get; init; } = 1f;
}

/// <summary>
/// An ML.NET binary classifier over <see cref="FeatureSchema"/> vectors with a calibrator fitted on a later
/// slice than the one it was trained on (<see cref="ScoreCalibrator.FitBest"/>), and occlusion explanations:
/// each factor group's effect is the change in calibrated probability when that group is set to a typical
/// training value (Zeiler &amp; Fergus, "Visualizing and understanding convolutional networks", ECCV 2014, applied
/// to groups of tabular features; cf. Robnik-Šikonja &amp; Kononenko, IEEE TKDE 20, 2008).
/// </summary>
public sealed class WinRateClassifier
{
    private const string ModelEntry = "mlnet-model.zip";
    private const string StateEntry = "classifier.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly Dictionary<string, int[]> _groupColumns;

    private WinRateClassifier(MLContext ml, ITransformer model, ClassifierState state)
    {
        _ml = ml;
        _model = model;
        State = state;
        Schema = new FeatureSchema(state.ActivityKinds, state.Categories.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value), state.Measures, state.MinCategoryCount);
        _groupColumns = Schema.Columns.Select((c, i) => (c.Group, i)).GroupBy(x => x.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray(), StringComparer.Ordinal);
    }

    public FeatureSchema Schema { get; }

    internal ClassifierState State { get; }

    public ClassifierKind Kind => State.Kind;

    /// <summary>Out-of-time scores of the calibration folds (AUC of the raw scores; the rest calibrated).</summary>
    public ValidationSummary? Validation => State.Validation;

    /// <summary>The calibrator, or null when the model's own probability is used.</summary>
    public ScoreCalibrator? Calibrator => State.Calibrator;

    /// <summary>Trains on <paramref name="rows"/>; probabilities are the trainer's own until a calibrator is set.</summary>
    public static WinRateClassifier Train(FeatureSchema schema, IReadOnlyList<(float[] X, bool Won)> rows, ClassifierOptions options) =>
        Train(schema, rows, options, withReferences: true);

    // withReferences is false for the fold models, which only score their fold and are never explained or saved:
    // the references (a median of every column and the commonest pattern of every category over every row) are
    // theirs to skip.
    private static WinRateClassifier Train(FeatureSchema schema, IReadOnlyList<(float[] X, bool Won)> rows, ClassifierOptions options, bool withReferences)
    {
        var ml = new MLContext(options.Seed);
        var data = Load(ml, schema.Width, rows);
        IEstimator<ITransformer> pipeline = options.Kind switch
        {
            ClassifierKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.Trees,
                NumberOfLeaves = options.Leaves,
                LearningRate = options.LearningRate,
                MinimumExampleCountPerLeaf = Math.Max(options.MinExamplesPerLeaf, rows.Count / 100),
                FeatureFraction = options.FeatureFraction,
                // One thread: the same data and seed give the same trees on any machine.
                NumberOfThreads = 1,
            }),
            _ => ml.Transforms.NormalizeMeanVariance("Features")
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    L2Regularization = options.L2Regularization,
                    NumberOfThreads = 1,
                })),
        };
        var model = pipeline.Fit(data);
        var state = new ClassifierState
        {
            Kind = options.Kind,
            ActivityKinds = schema.ActivityKinds.ToArray(),
            Categories = schema.Categories.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
            Measures = schema.Measures.ToArray(),
            MinCategoryCount = schema.MinCategoryCount,
            References = withReferences ? References(schema, rows.Select(r => r.X).ToArray()) : [],
        };
        return new WinRateClassifier(ml, model, state);
    }

    /// <summary>
    /// Trains one model per forward-chaining fold of <paramref name="set"/> on the deals closed before the fold,
    /// scores the fold's rows with it, fits the calibrator (<see cref="ScoreCalibrator.FitBest"/>) to those
    /// out-of-time scores, and returns the model trained on every row with that calibrator. The out-of-time
    /// scores also give <see cref="Validation"/>, the honest estimate of how well it ranks and calibrates.
    /// </summary>
    public static WinRateClassifier TrainCalibrated(TrainingSet set, ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        // The fold models and the final one are independent, and each trains on one thread with its own seeded
        // context, so training them side by side uses every core and gives the trees one thread would.
        var trained = new WinRateClassifier[set.Folds.Count + 1];
        Parallel.For(0, trained.Length, i => trained[i] = i < set.Folds.Count
            ? Train(set.Schema, set.Labelled(set.Folds[i].TrainRows), options, withReferences: false)
            : Train(set.Schema, set.Labelled(), options, withReferences: true));

        var scores = new List<double>();
        var labels = new List<bool>();
        for (var f = 0; f < set.Folds.Count; f++)
        {
            var fold = set.Folds[f];
            // In the order the outcomes became known, so FitBest's holdout is the latest part.
            var order = Enumerable.Range(0, fold.ScoreRows.Count)
                .OrderBy(i => fold.ScoreRows[i].Deal.ClosedOn).ThenBy(i => fold.ScoreRows[i].Deal.Id, StringComparer.Ordinal).ToArray();
            var foldScores = trained[f].Scores(fold.ScoreX);
            scores.AddRange(order.Select(i => foldScores[i]));
            labels.AddRange(order.Select(i => fold.ScoreRows[i].Won));
        }
        var final = trained[^1];
        final.State.Calibrator = ScoreCalibrator.FitBest(scores, labels);
        var v = BinaryMetrics.Evaluate(scores.Select(final.State.Calibrator.Probability).ToArray(), labels);
        final.State.Validation = new ValidationSummary(v.Count, v.PositiveRate, BinaryMetrics.Auc(scores, labels), v.Brier, v.LogLoss, v.ExpectedCalibrationError);
        return final;
    }

    /// <summary>Raw scores (log-odds scale for the trees, the linear predictor for logistic regression).</summary>
    public double[] Scores(IReadOnlyList<float[]> rows) => Column(rows, "Score");

    /// <summary>Calibrated win probabilities.</summary>
    public double[] Probabilities(IReadOnlyList<float[]> rows) =>
        State.Calibrator is { } calibrator ? Scores(rows).Select(calibrator.Probability).ToArray() : Column(rows, "Probability");

    /// <summary>The trainer's own probability (for trees: Platt fitted on the training rows themselves).</summary>
    public double[] UncalibratedProbabilities(IReadOnlyList<float[]> rows) => Column(rows, "Probability");

    /// <summary>
    /// The <paramref name="top"/> factor groups that move each row's probability most against a typical deal,
    /// described in plain words from <paramref name="features"/> (same order as <paramref name="rows"/>).
    /// </summary>
    public IReadOnlyList<ScoreFactor>[] Explain(IReadOnlyList<float[]> rows, IReadOnlyList<DealFeatures> features, int top, double minimumEffect = 0.005)
    {
        var groups = _groupColumns.Keys.Where(State.References.ContainsKey).ToArray();
        var baseline = Probabilities(rows);
        // One batch: every row once per group with that group set to its typical value.
        var variants = new List<float[]>(rows.Count * groups.Length);
        foreach (var row in rows)
        {
            foreach (var group in groups)
            {
                var copy = (float[])row.Clone();
                var columns = _groupColumns[group];
                var reference = State.References[group];
                for (var k = 0; k < columns.Length; k++)
                    copy[columns[k]] = reference[k];
                variants.Add(copy);
            }
        }
        var occluded = variants.Count == 0 ? [] : Probabilities(variants);
        var result = new IReadOnlyList<ScoreFactor>[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            result[i] = groups.Select((g, k) => (Group: g, Effect: baseline[i] - occluded[(i * groups.Length) + k]))
                .Where(x => Math.Abs(x.Effect) >= minimumEffect)
                .OrderByDescending(x => Math.Abs(x.Effect)).ThenBy(x => x.Group, StringComparer.Ordinal)
                .Take(top)
                .Select(x => FactorText.Factor(x.Group, features[i], x.Effect))
                .ToArray();
        }
        return result;
    }

    /// <summary>The model as one byte array: the ML.NET model zip and the schema, calibrator and references.</summary>
    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open())
                _ml.Model.Save(_model, Load(_ml, Schema.Width, []).Schema, entry);
            using var state = zip.CreateEntry(StateEntry).Open();
            JsonSerializer.Serialize(state, State, Json);
        }
        return buffer.ToArray();
    }

    public static WinRateClassifier Load(byte[] artefact, int seed = 42)
    {
        using var buffer = new MemoryStream(artefact);
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        var ml = new MLContext(seed);
        ClassifierState state;
        using (var s = zip.GetEntry(StateEntry)!.Open())
            state = JsonSerializer.Deserialize<ClassifierState>(s, Json) ?? throw new InvalidDataException("The classifier artefact has no state.");
        using var modelBytes = new MemoryStream();
        using (var m = zip.GetEntry(ModelEntry)!.Open())
            m.CopyTo(modelBytes);
        modelBytes.Position = 0;
        var model = ml.Model.Load(modelBytes, out _);
        return new WinRateClassifier(ml, model, state);
    }

    private double[] Column(IReadOnlyList<float[]> rows, string column)
    {
        if (rows.Count == 0)
            return [];
        // A row's score depends on that row alone, so big batches (the occlusion variants of every open deal) are
        // scored in slices on every core; each slice gets its own cursor over the immutable model.
        const int Slice = 8_192;
        var result = new double[rows.Count];
        var slices = (rows.Count + Slice - 1) / Slice;
        Parallel.For(0, slices, s =>
        {
            var start = s * Slice;
            var count = Math.Min(Slice, rows.Count - start);
            var slice = new (float[] X, bool Won)[count];
            for (var i = 0; i < count; i++)
                slice[i] = (rows[start + i], false);
            var scored = _model.Transform(Load(_ml, Schema.Width, slice));
            var i2 = start;
            foreach (var v in scored.GetColumn<float>(column))
                result[i2++] = v;
        });
        return result;
    }

    private static IDataView Load(MLContext ml, int width, IReadOnlyList<(float[] X, bool Won)> rows)
    {
        var definition = SchemaDefinition.Create(typeof(ModelRow));
        definition[nameof(ModelRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new ModelRow { Label = r.Won, Features = r.X }), definition);
    }

    /// <summary>Per group, the value a "typical deal" has: the commonest pattern of a category, the median of numbers.</summary>
    private static Dictionary<string, float[]> References(FeatureSchema schema, IReadOnlyList<float[]> rows)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (rows.Count == 0)
            return result;
        foreach (var (group, kind) in schema.Groups)
        {
            var columns = schema.Columns.Select((c, i) => (c, i)).Where(x => x.c.Group == group).Select(x => x.i).ToArray();
            if (kind == FactorKind.Category)
            {
                var commonest = rows.GroupBy(r => string.Join(',', columns.Select(c => r[c])))
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().First();
                result[group] = columns.Select(c => commonest[c]).ToArray();
            }
            else
            {
                result[group] = columns.Select(c =>
                {
                    var values = rows.Select(r => r[c]).Order().ToArray();
                    return values[values.Length / 2];
                }).ToArray();
            }
        }
        return result;
    }

    private sealed class ModelRow
    {
        public bool Label { get; set; }

        [VectorType]
        public float[] Features { get; set; } = [];
    }
}

/// <summary>What a classifier needs besides the ML.NET model: its feature layout, calibrator and references.</summary>
internal sealed class ClassifierState
{
    public ClassifierKind Kind { get; set; }
    public string[] ActivityKinds { get; set; } = [];
    public Dictionary<string, string[]> Categories { get; set; } = [];
    public string[] Measures { get; set; } = [];
    public int MinCategoryCount { get; set; }
    public ScoreCalibrator? Calibrator { get; set; }
    public Dictionary<string, float[]> References { get; set; } = [];
    public ValidationSummary? Validation { get; set; }
}

/// <summary>How a classifier did out of time, on its calibration folds' rows.</summary>
public sealed record ValidationSummary(int Rows, double PositiveRate, double Auc, double Brier, double LogLoss, double ExpectedCalibrationError);
