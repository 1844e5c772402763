namespace Forecast.Core.ModelStore;

/// <summary>
/// A trained model kept in PostgreSQL so every worker shares it: the artefact (ML.NET zip, fitted
/// parameters as JSON...) and its manifest (data window, rows, metrics, seed, code version).
/// </summary>
public sealed class ModelVersion
{
    public long Id { get; set; }
    /// <summary>What the model predicts: <c>demand</c>, <c>reorder</c>, <c>win-probability</c>, ...</summary>
    public string Kind { get; set; } = "";
    /// <summary>Monotonic per kind: 1, 2, 3...</summary>
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateOnly? TrainedFrom { get; set; }
    public DateOnly? TrainedTo { get; set; }
    public long TrainingRows { get; set; }
    public int? Seed { get; set; }
    public string CodeVersion { get; set; } = "";
    /// <summary>Backtest / validation metrics as JSON (e.g. {"MASE":0.82,"AUC":0.77}).</summary>
    public string MetricsJson { get; set; } = "{}";
    /// <summary>Everything else worth knowing to reproduce it (features, parameters, data filters) as JSON.</summary>
    public string ManifestJson { get; set; } = "{}";
    public byte[]? Artefact { get; set; }
    /// <summary>The version new predictions use; at most one per kind.</summary>
    public bool IsCurrent { get; set; }
}

public enum RunStatus
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One execution of a prediction stage. Every prediction row carries its run id, so a page can say which
/// model made a number and how well it backtested, and a re-run replaces a run instead of mixing two.
/// A run is <see cref="RunStatus.Running"/> while its stage's partitions write, and turns <see cref="RunStatus.Succeeded"/>
/// only when the pipeline coordinator has seen every partition done (<see cref="Jobs.PredictionRuns"/>): readers never
/// see a half-written run.
/// </summary>
public sealed class PredictionRun
{
    public long Id { get; set; }
    /// <summary>The stage: <c>demand</c>, <c>reorder</c>, <c>win-probability</c>, <c>inventory</c>, ...</summary>
    public string Kind { get; set; } = "";
    /// <summary>The business date the predictions are made as of (data up to and including this day).</summary>
    public DateOnly AsOf { get; set; }
    /// <summary>
    /// The pipeline run whose stage made it (one prediction run per stage and pipeline run); null for runs made
    /// outside the pipeline (benchmarks).
    /// </summary>
    public long? PipelineRunId { get; set; }
    public long? ModelVersionId { get; set; }
    public ModelVersion? ModelVersion { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public RunStatus Status { get; set; }
    public long Items { get; set; }
    public string MetricsJson { get; set; } = "{}";
    public string? Error { get; set; }
}
