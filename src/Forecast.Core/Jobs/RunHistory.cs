using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Jobs;

/// <summary>A model version without its artefact: what it was trained on and how it validated.</summary>
public sealed record ModelVersionView(
    long Id,
    string Kind,
    int Version,
    DateTimeOffset CreatedAt,
    DateOnly? TrainedFrom,
    DateOnly? TrainedTo,
    long TrainingRows,
    int? Seed,
    string CodeVersion,
    bool IsCurrent,
    JsonElement Metrics);

/// <summary>The latest run of a prediction stage, with its summary metrics.</summary>
public sealed record PredictionRunView(long Id, string Kind, DateOnly AsOf, RunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, long Items, long? ModelVersionId, JsonElement Metrics, string? Error);

/// <summary>Model versions and prediction runs for the admin page and the API.</summary>
public sealed class RunHistory(ForecastDbContext db, PredictionRuns runs)
{
    public async Task<IReadOnlyList<ModelVersionView>> VersionsAsync(int perKind, CancellationToken cancellationToken)
    {
        var rows = await db.ModelVersions.AsNoTracking().OrderBy(m => m.Kind).ThenByDescending(m => m.Version)
            .Select(m => new { m.Id, m.Kind, m.Version, m.CreatedAt, m.TrainedFrom, m.TrainedTo, m.TrainingRows, m.Seed, m.CodeVersion, m.IsCurrent, m.MetricsJson })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(m => m.Kind).SelectMany(g => g.Take(Math.Max(1, perKind)))
            .Select(m => new ModelVersionView(m.Id, m.Kind, m.Version, m.CreatedAt, m.TrainedFrom, m.TrainedTo, m.TrainingRows, m.Seed, m.CodeVersion, m.IsCurrent, Parse(m.MetricsJson)))
            .ToList();
    }

    /// <summary>The latest run of every prediction kind (demand, reorder, win-probability, inventory...).</summary>
    public async Task<IReadOnlyList<PredictionRunView>> LatestRunsAsync(CancellationToken cancellationToken)
    {
        var rows = await runs.LatestOfEachKindAsync(cancellationToken);
        return rows.Select(r => new PredictionRunView(r.Id, r.Kind, r.AsOf, r.Status, r.StartedAt, r.FinishedAt, r.Items, r.ModelVersionId, Parse(r.MetricsJson), r.Error)).ToList();
    }

    /// <summary>Flattens metrics JSON into "name: value" pairs a page can list (nested objects as a.b).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(JsonElement metrics, int maxPairs = 40)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        void Walk(JsonElement e, string prefix)
        {
            if (pairs.Count >= maxPairs)
                return;
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                        Walk(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}");
                    break;
                case JsonValueKind.Array:
                    pairs.Add(new(prefix, e.GetArrayLength() <= 6 ? string.Join(", ", e.EnumerateArray().Select(Scalar)) : $"[{e.GetArrayLength()} values]"));
                    break;
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    break;
                default:
                    pairs.Add(new(prefix, Scalar(e)));
                    break;
            }
        }
        Walk(metrics, "");
        return pairs;
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out var i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Number => e.GetDouble().ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => "{…}",
        _ => e.GetRawText(),
    };

    private static JsonElement Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }
    }
}
