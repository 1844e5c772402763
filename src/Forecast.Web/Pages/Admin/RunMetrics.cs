using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Admin;

/// <summary>How a summary metric reads: a count, a share, a score, or text.</summary>
public enum MetricFormat
{
    Count,
    Percent,
    Score,
    Text,
}

/// <summary>The words and format of one metric a stage writes into its run or model summary.</summary>
public sealed record MetricName(string Label, MetricFormat Format);

/// <summary>
/// The stages keep their summaries as JSON with camelCase names (<c>meanBacktestMase</c>, <c>validation.auc</c>), which the
/// API returns as they are. The admin page shows them as words in the reader's language, with numbers in its culture;
/// a metric without a name here is shown humanised ("Mean backtest mase") rather than hidden, and
/// <c>RunMetricNamesTests</c> fails until it gets one.
/// </summary>
public static partial class RunMetrics
{
    /// <summary>Metric paths (case-insensitive) to their English label, the key of the zh-TW translation.</summary>
    public static readonly IReadOnlyDictionary<string, MetricName> Names = new Dictionary<string, MetricName>(StringComparer.OrdinalIgnoreCase)
    {
        // Reorder model: its backtest.
        ["backtest"] = new("Backtest", MetricFormat.Text),
        ["rule"] = new("Decision rule", MetricFormat.Text),
        ["pairs"] = new("Customer × product pairs", MetricFormat.Count),
        ["reordered"] = new("Pairs that reordered", MetricFormat.Count),
        ["predicted"] = new("Pairs predicted to reorder", MetricFormat.Count),
        ["precision"] = new("Precision", MetricFormat.Score),
        ["recall"] = new("Recall", MetricFormat.Score),
        ["brierScore"] = new("Brier score (lower is better)", MetricFormat.Score),
        ["coverage50"] = new("50% interval coverage", MetricFormat.Percent),
        ["coverage80"] = new("80% interval coverage", MetricFormat.Percent),
        ["meanProbability"] = new("Mean predicted probability", MetricFormat.Percent),
        ["meanAbsoluteErrorDays"] = new("Mean absolute error (days)", MetricFormat.Score),
        // Win-probability classifier: its out-of-time validation.
        ["auc"] = new("AUC (0.5 = chance)", MetricFormat.Score),
        ["rows"] = new("Validation deals", MetricFormat.Count),
        ["brier"] = new("Brier score (lower is better)", MetricFormat.Score),
        ["logLoss"] = new("Log loss (lower is better)", MetricFormat.Score),
        ["positiveRate"] = new("Share won", MetricFormat.Percent),
        ["expectedCalibrationError"] = new("Calibration error (lower is better)", MetricFormat.Score),
        // Demand run.
        ["products"] = new("Products", MetricFormat.Count),
        ["backtested"] = new("Products backtested", MetricFormat.Count),
        ["meanBacktestMase"] = new("Mean backtest MASE (below 1 beats the naive forecast)", MetricFormat.Score),
        ["medianBacktestMase"] = new("Median backtest MASE", MetricFormat.Score),
        ["byClass"] = new("Demand class: {0}", MetricFormat.Count),
        // Inventory run.
        ["seed"] = new("Random seed", MetricFormat.Text),
        ["planned"] = new("Products planned", MetricFormat.Count),
        ["withoutPlan"] = new("Products without a plan", MetricFormat.Count),
        ["simulationPaths"] = new("Simulated paths", MetricFormat.Count),
        ["reviewPeriodDays"] = new("Review period (days)", MetricFormat.Count),
        ["cycleServiceLevel"] = new("Cycle service level", MetricFormat.Percent),
        ["fillRate"] = new("Fill rate target", MetricFormat.Percent),
        ["periodCorrelation"] = new("Week-to-week correlation", MetricFormat.Score),
        ["ordersDueWithinReview"] = new("Orders due within the review period", MetricFormat.Count),
        ["likelyShortWithinLeadTime"] = new("Likely short within lead time (≥ 50%)", MetricFormat.Count),
        // Reorder run.
        ["horizonDays"] = new("Horizon (days)", MetricFormat.Count),
        ["expectedOrdersWithinHorizon"] = new("Expected orders within the horizon", MetricFormat.Score),
        ["meanProbabilityWithinHorizon"] = new("Mean P(order within the horizon)", MetricFormat.Percent),
        // Win-probability run.
        ["mode"] = new("Mode", MetricFormat.Text),
        ["classifierWeight"] = new("Classifier weight", MetricFormat.Percent),
        ["closedWon"] = new("Deals won", MetricFormat.Count),
        ["closedLost"] = new("Deals lost", MetricFormat.Count),
        ["globalWinRate"] = new("Overall win rate", MetricFormat.Percent),
        ["priorStrengths"] = new("Prior strength: {0}", MetricFormat.Score),
        ["validation"] = new("Validation: {0}", MetricFormat.Score),
        ["modelReused"] = new("Model reused", MetricFormat.Text),
        ["classifierNote"] = new("Why no classifier", MetricFormat.Text),
        ["pipelineUnits"] = new("Pipeline units expected", MetricFormat.Score),
    };

    /// <summary>Words a metric's name or value is made of besides the labels: demand classes, prior levels, modes, yes/no.</summary>
    public static readonly IReadOnlyDictionary<string, string> Words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Smooth"] = "smooth", ["Erratic"] = "erratic", ["Intermittent"] = "intermittent", ["Lumpy"] = "lumpy", ["pipeline only"] = "pipeline only",
        ["rep"] = "rep level", ["team"] = "team level", ["stage"] = "stage level", ["customer"] = "customer level",
        ["low-data"] = "low data (prior rates)", ["blend"] = "blend of classifier and prior rates", ["classifier"] = "classifier",
        ["true"] = "yes", ["false"] = "no",
    };

    /// <summary>Sentences some stages write as values, with their placeholders (the zh-TW keys).</summary>
    public static readonly string[] Sentences =
    [
        "fitted on orders to {0}, scored on {1} to {2}",
        "an order is predicted when P(order in the window) ≥ {0}",
        "{0} won and {1} lost deals; the classifier needs {2} of each",
        "too few won and lost deals to calibrate out of time",
    ];

    /// <summary>The metrics of one run or model as (label, value) in the current culture, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Show(JsonElement metrics, IStringLocalizer text, int max = 40)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = new List<KeyValuePair<string, string>>();
        foreach (var (path, value) in Leaves(metrics))
        {
            if (shown.Count >= max)
                break;
            shown.Add(new(Label(path, text), Value(path, value, text)));
        }
        return shown;
    }

    /// <summary>Every leaf of the metrics as (a.b path, value); nulls are left out, arrays are one leaf.</summary>
    public static IEnumerable<(string Path, JsonElement Value)> Leaves(JsonElement metrics, string prefix = "")
    {
        if (metrics.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in metrics.EnumerateObject())
                foreach (var leaf in Leaves(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}"))
                    yield return leaf;
        }
        else if (metrics.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) && prefix.Length > 0)
            yield return (prefix, metrics);
    }

    /// <summary>The name the path has here, or null: <c>byClass.Lumpy</c> is named by <c>byClass</c>, <c>validation.auc</c> by both parts.</summary>
    public static MetricName? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Names.TryGetValue(path, out var name))
            return name;
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !Names.TryGetValue(path[..dot], out var group))
            return null;
        var rest = path[(dot + 1)..];
        // A group of named metrics (validation.auc) takes its leaf's format; a group keyed by data (byClass.Lumpy) its own.
        return Names.TryGetValue(rest, out var leaf) ? leaf with { Label = group.Label } : Words.ContainsKey(rest) ? group : null;
    }

    private static string Label(string path, IStringLocalizer text)
    {
        var name = Find(path);
        if (name is null)
            return Humanise(path);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || Names.ContainsKey(path))
            return text[name.Label];
        var rest = path[(dot + 1)..];
        var inner = Names.TryGetValue(rest, out var leaf) ? text[leaf.Label].Value : text[Words[rest]].Value;
        return text[name.Label, inner];
    }

    private static string Value(string path, JsonElement value, IStringLocalizer text)
    {
        var culture = CultureInfo.CurrentCulture;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var number = value.GetDouble();
                return (Find(path)?.Format ?? (value.TryGetInt64(out _) ? MetricFormat.Count : MetricFormat.Score)) switch
                {
                    MetricFormat.Percent => number.ToString("P1", culture),
                    MetricFormat.Count => number.ToString(number == Math.Floor(number) ? "N0" : "N1", culture),
                    MetricFormat.Text => number.ToString(CultureInfo.InvariantCulture),
                    _ => number.ToString("0.####", culture),
                };
            case JsonValueKind.True:
            case JsonValueKind.False:
                return text[Words[value.GetBoolean() ? "true" : "false"]];
            case JsonValueKind.Array:
                return value.GetArrayLength() <= 6
                    ? string.Join(", ", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble().ToString("0.####", culture) : e.ToString()))
                    : text["{0} values", value.GetArrayLength()];
            default:
                return Sentence(value.GetString() ?? "", text);
        }
    }

    /// <summary>A stored English value read back into the reader's language; one it does not know is shown as stored.</summary>
    public static string Sentence(string stored, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Words.TryGetValue(stored, out var word))
            return text[word];
        if (Backtest().Match(stored) is { Success: true } b)
            return text[Sentences[0], Day(b.Groups[1].Value), Day(b.Groups[2].Value), Day(b.Groups[3].Value)];
        if (Rule().Match(stored) is { Success: true } r)
            return text[Sentences[1], double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture).ToString("0.##", CultureInfo.CurrentCulture)];
        if (TooFew().Match(stored) is { Success: true } f)
            return text[Sentences[2], f.Groups[1].Value, f.Groups[2].Value, f.Groups[3].Value];
        if (stored == Sentences[3])
            return text[stored];
        return stored;
    }

    private static string Day(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Display.Date(day) : iso;

    /// <summary>"meanBacktestMase" → "Mean backtest mase"; "a.b" → "A › b".</summary>
    public static string Humanise(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var words = string.Join(" › ", path.Split('.').Select(p => CamelHump().Replace(p, " $1").ToLowerInvariant()));
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex(@"^fitted on orders to (\d{4}-\d{2}-\d{2}), scored on (\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")]
    private static partial Regex Backtest();

    [GeneratedRegex(@"^predict an order when P\(order in the window\) >= ([\d.]+)$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^(\d+) won and (\d+) lost deals; the classifier needs (\d+) of each$")]
    private static partial Regex TooFew();

    [GeneratedRegex(@"(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CamelHump();
}
