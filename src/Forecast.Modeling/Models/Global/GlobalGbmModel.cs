using Forecast.Modeling.Series;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Forecast.Modeling.Models.Global;

/// <summary>
/// One series of a global model's run: its history, optional static features (e.g. product family code, list price) and
/// optional external regressors, one row per period of the history followed by one row per forecast step (values known
/// in advance, such as the CRM pipeline quantity expected in each period).
/// </summary>
/// <param name="Series">The history.</param>
/// <param name="Static">Per-series features, the same count for every series of a run; null for none.</param>
/// <param name="Regressors">[period, regressor] for Series.Length + horizon periods; null for none.</param>
public sealed record GlobalSeries(RegularSeries Series, IReadOnlyList<double>? Static = null, double[,]? Regressors = null);

/// <summary>
/// A global gradient-boosted model trained across all series of a run (Montero-Manso, P. &amp; Hyndman, R.J. (2021),
/// "Principles and algorithms for forecasting groups of time series: locality and globality", <i>IJF</i> 37(4), 1632–1653;
/// the LightGBM entries of the M5 competition, Makridakis, Spiliotis &amp; Assimakopoulos (2022), <i>IJF</i> 38(4)),
/// with ML.NET's LightGBM (Ke, G. et al. (2017), "LightGBM: A highly efficient gradient boosting decision tree",
/// <i>NeurIPS</i>). Each series is divided by its mean absolute level, and each training row by the mean absolute value of its lag window
/// (the target is a ratio to the recent level), so that one model fits all scales and trends; features are the
/// last <see cref="Lags"/> values, rolling means over <see cref="RollingWindows"/>, the position in the season,
/// the series' log level, ADI and CV², its static features and the external regressors at the target period. Forecasts
/// are recursive. Intervals are Gaussian on the series' scaled one-step residuals, widening with √h; demand (non-negative
/// history) is clipped at zero.
/// </summary>
public sealed record GlobalGbmModel
{
    /// <summary>Lagged values used as features.</summary>
    public int Lags { get; init; } = 12;

    /// <summary>Windows of the rolling means (over the lags).</summary>
    public IReadOnlyList<int> RollingWindows { get; init; } = [3, 6, 12];

    /// <summary>Boosting rounds.</summary>
    public int Trees { get; init; } = 200;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 31;

    /// <summary>Shrinkage.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Minimum rows per leaf.</summary>
    public int MinRowsPerLeaf { get; init; } = 20;

    /// <summary>Seed of the ML context (reproducible training).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Trains one model on every series.</summary>
    /// <exception cref="ArgumentException">When the series disagree on static or regressor counts, or no series is long enough.</exception>
    public GlobalGbmFit Fit(IReadOnlyList<GlobalSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
            throw new ArgumentException("A global model needs at least one series.", nameof(series));
        var staticCount = series[0].Static?.Count ?? 0;
        var regressorCount = series[0].Regressors?.GetLength(1) ?? 0;
        if (series.Any(s => (s.Static?.Count ?? 0) != staticCount || (s.Regressors?.GetLength(1) ?? 0) != regressorCount))
            throw new ArgumentException("Every series of a run must have the same number of static features and regressors.", nameof(series));
        var layout = new FeatureLayout(Lags, RollingWindows, staticCount, regressorCount);
        var rows = new List<Row>();
        var states = new List<SeriesState>(series.Count);
        foreach (var s in series)
        {
            var state = SeriesState.Create(s);
            states.Add(state);
            for (var t = Lags; t < state.Scaled.Length; t++)
                rows.Add(new Row { Features = layout.Build(state, state.Scaled, t, out var level), Label = (float)(state.Scaled[t] / level) });
        }
        if (rows.Count < 2 * MinRowsPerLeaf)
            throw new ArgumentException($"Too few training rows ({rows.Count}) for a global model: use longer series or fewer lags.", nameof(series));
        var ml = new MLContext(Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, layout.Count);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = Trees,
            NumberOfLeaves = Leaves,
            LearningRate = LearningRate,
            MinimumExampleCountPerLeaf = MinRowsPerLeaf,
            Seed = Seed,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        var model = trainer.Fit(data);
        // In-sample one-step residual spread per series (scaled units) for the intervals.
        var predicted = ml.Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false).Select(p => (double)p.Score).ToList();
        var k = 0;
        foreach (var state in states)
        {
            var ss = 0.0;
            var n = 0;
            for (var t = Lags; t < state.Scaled.Length; t++)
            {
                layout.Build(state, state.Scaled, t, out var level);
                var e = state.Scaled[t] - predicted[k++] * level;
                ss += e * e;
                n++;
            }
            state.ResidualSd = n > 1 ? Math.Sqrt(ss / (n - 1)) : 0;
        }
        return new GlobalGbmFit(ml, model, schema, layout, states);
    }

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    internal sealed class Prediction
    {
        public float Score { get; set; }
    }
}

internal sealed class SeriesState
{
    public required GlobalSeries Source { get; init; }
    public required double[] Scaled { get; init; }
    public required double Scale { get; init; }
    public required double[] Profile { get; init; }
    public required bool NonNegative { get; init; }
    public double ResidualSd { get; set; }

    public static SeriesState Create(GlobalSeries s)
    {
        var y = s.Series.Values;
        var scale = y.Average(Math.Abs);
        if (!(scale > 0))
            scale = 1;
        var profile = DemandClassifier.Classify(y);
        return new SeriesState
        {
            Source = s,
            Scaled = [.. y.Select(v => v / scale)],
            Scale = scale,
            Profile = [Math.Log(scale), double.IsFinite(profile.Adi) ? profile.Adi : y.Length, profile.Cv2],
            NonNegative = s.Series.IsNonNegative,
        };
    }
}

internal sealed class FeatureLayout(int lags, IReadOnlyList<int> windows, int staticCount, int regressorCount)
{
    public int Count => lags + windows.Count + 1 + 3 + staticCount + 2 * regressorCount;

    /// <summary>
    /// Features for predicting period <paramref name="t"/> from <paramref name="values"/>[..t]. Lags and rolling means are
    /// divided by <paramref name="level"/>, the mean absolute value of the lag window, so that the target is a ratio to the
    /// recent level (trends and level shifts do not leave the range the trees saw).
    /// </summary>
    public float[] Build(SeriesState state, IReadOnlyList<double> values, int t, out double level)
    {
        var f = new float[Count];
        var k = 0;
        level = 0;
        var count = 0;
        for (var lag = 1; lag <= lags && t - lag >= 0; lag++)
        {
            level += Math.Abs(values[t - lag]);
            count++;
        }
        level = count > 0 && level > 0 ? level / count : 1;
        for (var lag = 1; lag <= lags; lag++)
            f[k++] = t - lag >= 0 ? (float)(values[t - lag] / level) : float.NaN;
        foreach (var w in windows)
        {
            var sum = 0.0;
            var n = 0;
            for (var lag = 1; lag <= w && t - lag >= 0; lag++)
            {
                sum += values[t - lag];
                n++;
            }
            f[k++] = n > 0 ? (float)(sum / n / level) : float.NaN;
        }
        var m = state.Source.Series.SeasonLength;
        f[k++] = m > 1 ? (state.Source.Series.LeadingMissing + t) % m : 0;
        foreach (var p in state.Profile)
            f[k++] = (float)p;
        if (state.Source.Static is { } st)
        {
            foreach (var v in st)
                f[k++] = (float)v;
        }
        if (state.Source.Regressors is { } r)
        {
            // Raw, and in the target's units (divided by the series scale and the recent level), so that a regressor
            // measured in the series' own units (e.g. pipeline quantity) relates linearly to the target ratio.
            for (var j = 0; j < regressorCount; j++)
            {
                var x = t < r.GetLength(0) ? r[t, j] : double.NaN;
                f[k++] = (float)x;
                f[k++] = (float)(x / (state.Scale * level));
            }
        }
        return f;
    }
}

/// <summary>The trained global model and the states of its series; forecasts every series of the run at once.</summary>
public sealed class GlobalGbmFit
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;
    private readonly FeatureLayout _layout;
    private readonly List<SeriesState> _states;

    internal GlobalGbmFit(MLContext ml, ITransformer model, SchemaDefinition schema, FeatureLayout layout, List<SeriesState> states)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _layout = layout;
        _states = states;
    }

    /// <summary>Recursive forecasts for every series, in the order given to <see cref="GlobalGbmModel.Fit"/>; one batch per step.</summary>
    public IReadOnlyList<ForecastResult> Predict(int horizon, IReadOnlyList<double> levels)
    {
        var paths = _states.Select(s => new List<double>(s.Scaled)).ToList();
        for (var h = 0; h < horizon; h++)
        {
            var rows = new List<GlobalGbmModel.Row>(_states.Count);
            var recentLevels = new double[_states.Count];
            for (var i = 0; i < _states.Count; i++)
                rows.Add(new GlobalGbmModel.Row { Features = _layout.Build(_states[i], paths[i], paths[i].Count, out recentLevels[i]) });
            var scores = _ml.Data.CreateEnumerable<GlobalGbmModel.Prediction>(_model.Transform(_ml.Data.LoadFromEnumerable(rows, _schema)), reuseRowObject: false)
                .Select(p => (double)p.Score).ToList();
            for (var i = 0; i < _states.Count; i++)
            {
                var v = scores[i] * recentLevels[i];
                paths[i].Add(_states[i].NonNegative ? Math.Max(0, v) : v);
            }
        }
        var results = new List<ForecastResult>(_states.Count);
        for (var i = 0; i < _states.Count; i++)
        {
            var s = _states[i];
            var mean = new double[horizon];
            var sd = new double[horizon];
            for (var h = 0; h < horizon; h++)
            {
                mean[h] = paths[i][s.Scaled.Length + h] * s.Scale;
                sd[h] = s.ResidualSd * s.Scale * Math.Sqrt(h + 1);
            }
            var result = Intervals.Gaussian(mean, sd, levels);
            results.Add(s.NonNegative ? result.ClipAtZero() : result);
        }
        return results;
    }
}
