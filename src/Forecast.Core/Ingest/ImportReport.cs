using System.Text.Json;
using System.Text.Json.Serialization;

namespace Forecast.Core.Ingest;

/// <summary>One bad cell or row: where it is (file, line, column), what it holds and why it was refused.</summary>
public sealed record ImportError(string File, long Line, string Column, string Value, string Reason);

/// <summary>What one target entity of one file did.</summary>
public sealed class TargetReport
{
    public string Entity { get; set; } = "";
    /// <summary>Rows staged for the entity (after skips), before duplicates were merged.</summary>
    public long Staged { get; set; }
    /// <summary>Distinct keys written (after merging rows that share a key).</summary>
    public long Rows { get; set; }
    /// <summary>Rows folded into another row with the same key (<c>duplicates</c> first, last or same): <see cref="Staged"/> less <see cref="Rows"/>.</summary>
    public long Merged { get; set; }
    /// <summary>How rows sharing a key were merged (the target's <c>duplicates</c>), when any were.</summary>
    public string? MergedBy { get; set; }
    /// <summary>Open deals' stages that are not one of the known stages (<c>WinProbability:StagePriors</c>), with their row counts.</summary>
    public Dictionary<string, long>? UnknownStages { get; set; }
    public long Inserted { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    /// <summary>Rows skipped by this target's own skip rules, by rule name.</summary>
    public Dictionary<string, long> Skipped { get; set; } = [];
}

public sealed class FileReport
{
    public string File { get; set; } = "";
    public string? Encoding { get; set; }
    public long RowsRead { get; set; }
    /// <summary>Rows skipped for every target by the file's skip rules, by rule name.</summary>
    public Dictionary<string, long> Skipped { get; set; } = [];
    /// <summary>Text cells starting like a spreadsheet formula (<c>= + - @</c>): stored as text, never evaluated.</summary>
    public long FormulaLikeCells { get; set; }
    public List<TargetReport> Targets { get; set; } = [];
}

/// <summary>The report of one import run, stored as JSON in <c>ingest.import_runs.report_json</c>.</summary>
public sealed class ImportReport
{
    public const int MaxErrorsShown = 100;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Mapping { get; set; } = "";
    public string Source { get; set; } = "";
    public List<FileReport> Files { get; set; } = [];
    /// <summary>Files the mapping names that the folder does not have.</summary>
    public List<string> MissingFiles { get; set; } = [];
    /// <summary>Files in the folder no mapping entry names.</summary>
    public List<string> IgnoredFiles { get; set; } = [];
    /// <summary>The first <see cref="MaxErrorsShown"/> errors, in the order found.</summary>
    public List<ImportError> Errors { get; set; } = [];
    public long ErrorCount { get; set; }
    /// <summary>Seconds spent per step (reading, checks, merging, applying), to see where a long import spends its time.</summary>
    public Dictionary<string, double> Seconds { get; set; } = [];

    /// <summary>Set when something other than the input failed (database, disk...).</summary>
    public string? Failure { get; set; }

    public long RowsRead => Files.Sum(f => f.RowsRead);
    public long RowsSkipped => Files.Sum(f => f.Skipped.Values.Sum() + f.Targets.Sum(t => t.Skipped.Values.Sum()));
    public long Inserted => Files.Sum(f => f.Targets.Sum(t => t.Inserted));
    public long Updated => Files.Sum(f => f.Targets.Sum(t => t.Updated));
    public long Unchanged => Files.Sum(f => f.Targets.Sum(t => t.Unchanged));
    /// <summary>Entity rows written or compared (one source row may feed several entities, and merged rows count once).</summary>
    public long EntityRows => Files.Sum(f => f.Targets.Sum(t => t.Rows));
    public long Merged => Files.Sum(f => f.Targets.Sum(t => t.Merged));

    /// <summary>Things that did not reject the import but that a person should look at (merged rows, unknown stages).</summary>
    public List<string> Warnings { get; set; } = [];

    public void AddError(string file, long line, string column, string value, string reason)
    {
        ErrorCount++;
        if (Errors.Count < MaxErrorsShown)
            Errors.Add(new ImportError(TextChecks.Printable(file), line, TextChecks.Printable(column),
                TextChecks.Printable(value.Length > 200 ? value[..200] + "…" : value), TextChecks.Printable(reason)));
    }

    /// <summary>Errors counted by a SQL check, whose first rows were listed already.</summary>
    public void AddUnlistedErrors(long count) => ErrorCount += count;

    public int ErrorsRoomLeft => MaxErrorsShown - Errors.Count;

    public async Task<T> TimeAsync<T>(string step, Func<Task<T>> action)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await action();
        }
        finally
        {
            Seconds[step] = Math.Round(Seconds.GetValueOrDefault(step) + System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 3);
        }
    }

    public Task TimeAsync(string step, Func<Task> action) => TimeAsync(step, async () =>
    {
        await action();
        return true;
    });

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
