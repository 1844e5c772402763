using Forecast.Core.ModelStore;

namespace Forecast.Core.Jobs;

/// <summary>One execution of the pipeline (all stages, or the ones asked for by hand) for one as-of date.</summary>
public sealed class PipelineRun
{
    public long Id { get; set; }
    public DateOnly AsOf { get; set; }
    /// <summary>
    /// The as-of date was not given but taken from the data: it is decided again once the run's <c>import</c> stage has
    /// brought the night's exports in, so the night's predictions are made as of the day the exports reach.
    /// </summary>
    public bool AsOfFromData { get; set; }
    /// <summary>The stages of this run, in order.</summary>
    public string[] Stages { get; set; } = [];
    /// <summary><c>schedule</c>, <c>manual</c> (dashboard / API) or <c>cli</c>.</summary>
    public string Trigger { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public RunStatus Status { get; set; }
    public string? Error { get; set; }
}

public enum PartitionStatus
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>
/// One slice of a stage's work (a partition of products or customers). The claim columns make a partition run
/// once even though Hangfire only promises at-least-once, and let several workers share a stage.
/// </summary>
public sealed class StagePartition
{
    public long PipelineRunId { get; set; }
    public string Stage { get; set; } = "";
    public int Partition { get; set; }
    public int PartitionCount { get; set; }
    public PartitionStatus Status { get; set; }
    /// <summary>When the partition was last handed to the workers (the watchdog re-sends it if nobody claims it).</summary>
    public DateTimeOffset DispatchedAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
}
