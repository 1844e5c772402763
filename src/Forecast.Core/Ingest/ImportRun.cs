namespace Forecast.Core.Ingest;

public enum ImportStatus
{
    Running,
    Succeeded,
    /// <summary>Bad input: the whole batch was rolled back and the report says why.</summary>
    Rejected,
    /// <summary>Something other than the input went wrong (database down, disk full...).</summary>
    Failed,
}

/// <summary>One import of a folder, a file or a pushed batch, with its counts and its report.</summary>
public sealed class ImportRun
{
    public long Id { get; set; }
    /// <summary><c>erp</c> or <c>crm</c>.</summary>
    public string System { get; set; } = "";
    /// <summary>The folder or file imported, or <c>api</c> for a pushed batch.</summary>
    public string Source { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public ImportStatus Status { get; set; }
    public long RowsRead { get; set; }
    public long RowsInserted { get; set; }
    public long RowsUpdated { get; set; }
    public long RowsUnchanged { get; set; }
    public long RowsSkipped { get; set; }
    public long ErrorCount { get; set; }
    /// <summary>The human-readable report (per file counts, the first errors) as JSON.</summary>
    public string ReportJson { get; set; } = "{}";
}
