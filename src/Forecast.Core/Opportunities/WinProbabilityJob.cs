using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Pipeline;
using Forecast.Modeling.WinRates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Opportunities;

/// <summary>What one run did.</summary>
public sealed record WinProbabilityRunResult(
    long RunId,
    long? ModelVersionId,
    bool ModelReused,
    ScoreMode Mode,
    double ClassifierWeight,
    int ClosedWon,
    int ClosedLost,
    int Scored,
    int DemandRows,
    string? ClassifierNote);

/// <summary>
/// Nightly stage: records the current stage of every open opportunity, trains the win-probability model on what
/// was known by the as-of day (or reuses the current model when its training rows are unchanged), scores the
/// open opportunities and writes scores and pipeline-weighted demand under one <see cref="PredictionRun"/>.
/// A newer run for the same day replaces that day's run once it is published.
/// </summary>
public sealed partial class WinProbabilityJob(
    ForecastDbContext db,
    BusinessCalendar calendar,
    PredictionRuns runs,
    TimeProvider time,
    IOptions<WinProbabilityStageOptions> settings,
    ILogger<WinProbabilityJob> logger)
{
    public const string Kind = "win-probability";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stage's one partition: scores as of the pipeline run's date under its prediction run (published by <see cref="CompleteAsync"/>).</summary>
    public async Task<WinProbabilityRunResult> RunAsync(PipelineRunContext pipelineRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineRun);
        await RecordObservationsIfCurrentAsync(pipelineRun.AsOf, cancellationToken);
        var run = await runs.ForStageAsync(Kind, pipelineRun, cancellationToken);
        var tracked = await db.PredictionRuns.SingleAsync(r => r.Id == run.Id, cancellationToken);
        var result = await ScoreAsync(tracked, pipelineRun.AsOf, cancellationToken);
        LogFinished(logger, pipelineRun.AsOf, result.Scored, result.Mode.ToString(), result.RunId);
        return result;
    }

    /// <summary>Publishes the pipeline run's scores.</summary>
    public async Task CompleteAsync(PipelineRunContext pipelineRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineRun);
        if (await runs.OfPipelineRunAsync(Kind, pipelineRun.RunId, cancellationToken) is { } run)
            await runs.SucceedAsync(run.Id, null, null, cancellationToken);
    }

    /// <summary>
    /// Scores as of <paramref name="asOf"/> outside any pipeline run and publishes at once: for backtests that replay
    /// many past days in one process (nothing else reads their runs while they are written).
    /// </summary>
    public async Task<WinProbabilityRunResult> RunStandaloneAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        await RecordObservationsIfCurrentAsync(asOf, cancellationToken);
        var run = new PredictionRun { Kind = Kind, AsOf = asOf, StartedAt = time.GetUtcNow(), Status = RunStatus.Running };
        db.PredictionRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        var result = await ScoreAsync(run, asOf, cancellationToken);
        await runs.SucceedAsync(run.Id, null, null, cancellationToken);
        return result;
    }

    /// <summary>
    /// The CRM as imported shows each open deal's stage as it stands on the last day the data reach. Run as of that day
    /// or later, the stages are what was known on the as-of day and are recorded (dated the as-of day); run as of an
    /// earlier day (a replay on newer data), they would be the future and only what was recorded before is read. The
    /// rule depends on the data, not on the machine clock, so a replay gives what running live gave.
    /// </summary>
    private async Task RecordObservationsIfCurrentAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var lastDataDay = await calendar.LastDataDayAsync(cancellationToken);
        if (lastDataDay is null || asOf >= lastDataDay)
            await RecordObservationsAsync(asOf, cancellationToken);
    }

    private async Task<WinProbabilityRunResult> ScoreAsync(PredictionRun run, DateOnly asOf, CancellationToken cancellationToken)
    {
        var options = settings.Value.ToModelOptions();
        var steps = new StepTimes(time);
        var loaded = await OpportunityHistoryLoader.LoadAsync(db, asOf, cancellationToken);
        var history = new DealHistory(loaded.Data);
        steps.Lap("load");
        var training = TrainingSet.Build(history, asOf, options, out var note);
        steps.Lap("rows");

        ModelVersion? version = null;
        var reused = false;
        WinRateClassifier? classifier = null;
        if (training is not null)
        {
            var current = await db.ModelVersions.FirstOrDefaultAsync(m => m.Kind == Kind && m.IsCurrent, cancellationToken);
            var fingerprint = Fingerprint(training, options);
            if (current?.Artefact is { } artefact && FingerprintOf(current) == fingerprint)
            {
                classifier = WinRateClassifier.Load(artefact, options.Seed);
                version = current;
                reused = true;
            }
            else
            {
                LogTraining(logger, training.Rows.Count, training.Closed.Closed);
                classifier = WinRateClassifier.TrainCalibrated(training, options.Classifier with { Seed = options.Seed });
                version = await StoreVersionAsync(current, training, fingerprint, classifier, options, cancellationToken);
            }
        }
        var model = WinProbabilityModel.Train(history, asOf, options, training, classifier);
        steps.Lap("train");

        var open = history.OpenOn(asOf).ToArray();
        var scores = model.Score(history, open, asOf);
        steps.Lap("score");
        var demand = PipelineDemandOf(loaded, history, scores, asOf);
        steps.Lap("demand");

        run.ModelVersionId = version?.Id;
        run.Items = scores.Count;
        run.MetricsJson = JsonSerializer.Serialize(new
        {
            mode = ModeName(model.Mode),
            classifierWeight = model.ClassifierWeight,
            closedWon = model.LowData.Closed.Won,
            closedLost = model.LowData.Closed.Lost,
            globalWinRate = model.LowData.GlobalRate,
            priorStrengths = model.LowData.PriorStrengths,
            validation = classifier?.Validation,
            modelReused = reused,
            classifierNote = note,
            pipelineUnits = demand.Sum(d => d.ExpectedUnits),
        }, Json);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Idempotent: a re-run partition replaces what an earlier attempt of the same run wrote.
        await db.OpportunityScores.Where(s => s.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        await db.PipelineDemand.Where(d => d.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        db.OpportunityScores.AddRange(scores.Select(s => new OpportunityScore
        {
            OpportunityId = long.Parse(s.DealId, CultureInfo.InvariantCulture),
            RunId = run.Id,
            AsOf = asOf,
            Probability = s.Probability,
            Model = ModeName(s.Mode),
            ClassifierProbability = s.ClassifierProbability,
            LowDataProbability = s.LowDataProbability,
            FactorsJson = OpportunityScore.SerializeFactors(s.Factors),
            FactorsText = string.Join("; ", s.Factors.Select(FactorText.WithEffect)),
        }));
        db.PipelineDemand.AddRange(demand.Select(d => { d.RunId = run.Id; return d; }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        steps.Lap("write");
        LogSteps(logger, asOf, training?.Rows.Count ?? 0, steps.ToString());

        return new WinProbabilityRunResult(
            run.Id, version?.Id, reused, model.Mode, model.ClassifierWeight,
            model.LowData.Closed.Won, model.LowData.Closed.Lost, scores.Count, demand.Count, note);
    }

    /// <summary>
    /// Expected units of every product in the open pipeline per week, from each deal's win probability, its
    /// expected close (spread by how late won deals closed against theirs) and the product's lead time.
    /// </summary>
    private List<PipelineDemand> PipelineDemandOf(OpportunityHistoryLoader.Loaded loaded, DealHistory history, IReadOnlyList<WinScore> scores, DateOnly asOf)
    {
        var won = history.ClosedBy(asOf).Where(d => d.Outcome == DealOutcome.Won).Select(d => loaded.Opportunities[long.Parse(d.Id, CultureInfo.InvariantCulture)]).ToArray();
        var observed = loaded.Data.Observations.Where(o => o.ExpectedCloseOn is not null).ToLookup(o => o.DealId, StringComparer.Ordinal);
        // The expected close last recorded while the deal was open, else what the CRM holds now.
        DateOnly? ExpectedClose(Opportunity o) =>
            observed[OpportunityHistoryLoader.Key(o.Id)].Where(x => x.ObservedOn < o.ClosedOn).MaxBy(x => x.ObservedOn)?.ExpectedCloseOn ?? o.ExpectedClose;
        var slips = won.Where(o => o.ClosedOn is not null && ExpectedClose(o) is not null)
            .Select(o => o.ClosedOn!.Value.DayNumber - ExpectedClose(o)!.Value.DayNumber);
        var slip = DayOffsetDistribution.Learn(slips, DayOffsetDistribution.PointMass(0));
        var duration = DayOffsetDistribution.Learn(
            won.Where(o => o.ClosedOn is not null).Select(o => o.ClosedOn!.Value.DayNumber - o.CreatedOn.DayNumber),
            DayOffsetDistribution.PointMass(settings.Value.DefaultDealDurationDays));

        var lines = scores.SelectMany(s =>
        {
            var o = loaded.Opportunities[long.Parse(s.DealId, CultureInfo.InvariantCulture)];
            var customer = history[s.DealId].AccountKey;
            return o.Lines.Where(l => l.Product is not null).Select(l => new PipelineLine(
                s.DealId, l.ProductId.ToString(CultureInfo.InvariantCulture), (double)l.Quantity, s.Probability,
                o.CreatedOn, o.ExpectedClose, l.Product!.LeadTimeDays,
                IsNewBusiness: customer is null || !loaded.RecentPurchases.Contains((customer, l.ProductId))));
        }).ToArray();
        // Weeks start on Monday; the first is the week holding the first day deals can still close.
        var first = asOf.AddDays(1);
        first = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        var weeks = Enumerable.Range(0, settings.Value.HorizonWeeks).Select(i => first.AddDays(7 * i)).ToArray();
        var result = PipelineDemandCalculator.Compute(lines, weeks, weeks[^1].AddDays(7), asOf, slip, duration);
        return result.Points.Select(p => new PipelineDemand
        {
            ProductId = long.Parse(p.ProductKey, CultureInfo.InvariantCulture),
            PeriodStart = p.PeriodStart,
            ExpectedUnits = p.ExpectedUnits,
            Variance = p.Variance,
            NewBusinessUnits = p.NewBusinessUnits,
            NewBusinessVariance = p.NewBusinessVariance,
        }).ToList();
    }

    /// <summary>
    /// The current stage, expected close and amount of every open opportunity, dated <paramref name="day"/> and
    /// stored when they differ from what was last recorded (the table holds changes, not a copy per night); a
    /// re-run for the same day updates that day's row.
    /// </summary>
    private async Task RecordObservationsAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var open = await db.Opportunities.AsNoTracking().Where(o => o.Outcome == OpportunityOutcome.Open)
            .Select(o => new { o.Id, o.Stage, o.ExpectedClose, o.Amount }).ToListAsync(cancellationToken);
        var latest = await db.OpportunityObservations
            .Where(o => o.ObservedOn <= day && o.Opportunity!.Outcome == OpportunityOutcome.Open)
            .GroupBy(o => o.OpportunityId)
            .Select(g => g.OrderByDescending(o => o.ObservedOn).First())
            .ToDictionaryAsync(o => o.OpportunityId, cancellationToken);
        foreach (var o in open)
        {
            latest.TryGetValue(o.Id, out var last);
            if (last is not null && last.Stage == o.Stage && last.ExpectedClose == o.ExpectedClose && last.Amount == o.Amount)
                continue;
            var row = last is not null && last.ObservedOn == day ? last : null;
            if (row is null)
                db.OpportunityObservations.Add(row = new OpportunityObservation { OpportunityId = o.Id, ObservedOn = day });
            row.Stage = o.Stage;
            row.ExpectedClose = o.ExpectedClose;
            row.Amount = o.Amount;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ModelVersion> StoreVersionAsync(ModelVersion? current, TrainingSet training, string fingerprint, WinRateClassifier classifier, WinProbabilityOptions options, CancellationToken cancellationToken)
    {
        var next = (await db.ModelVersions.Where(m => m.Kind == Kind).MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0) + 1;
        if (current is not null)
        {
            current.IsCurrent = false;
            // The partial unique index allows one current version per kind: retire the old one first.
            await db.SaveChangesAsync(cancellationToken);
        }
        var version = new ModelVersion
        {
            Kind = Kind,
            Version = next,
            CreatedAt = time.GetUtcNow(),
            TrainedFrom = training.FirstClose,
            TrainedTo = training.AsOf,
            TrainingRows = training.Rows.Count,
            Seed = options.Seed,
            CodeVersion = CodeVersion,
            IsCurrent = true,
            Artefact = classifier.Save(),
            MetricsJson = JsonSerializer.Serialize(classifier.Validation, Json),
            ManifestJson = JsonSerializer.Serialize(new
            {
                fingerprint,
                trainingRowsFingerprint = training.Fingerprint,
                trainer = "ML.NET FastTree binary (gradient-boosted trees)",
                options.Classifier,
                snapshotStepDays = options.SnapshotStepDays,
                closedWon = training.Closed.Won,
                closedLost = training.Closed.Lost,
                calibrator = classifier.Calibrator?.GetType().Name,
                calibrationFolds = training.Folds.Select(f => new { from = f.From, until = f.Until, trainRows = f.TrainRows.Length, scoredDeals = f.ScoreRows.Count }),
                features = training.Schema.Columns.Select(c => c.Name),
                leakageGuard = "rows describe closed deals as of days before they closed; stages only from observations recorded while open",
            }, Json),
        };
        db.ModelVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        return version;
    }

    /// <summary>The same rows, trainer settings and code give the same model: only then is a stored one reused.</summary>
    private static string Fingerprint(TrainingSet training, WinProbabilityOptions options)
    {
        var key = $"{training.Fingerprint}|{options.Seed}|{JsonSerializer.Serialize(options.Classifier, Json)}|{CodeVersion}";
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    private static string? FingerprintOf(ModelVersion version)
    {
        using var manifest = JsonDocument.Parse(version.ManifestJson);
        return manifest.RootElement.TryGetProperty("fingerprint", out var f) ? f.GetString() : null;
    }

    /// <summary>The name stored in <see cref="OpportunityScore.Model"/>.</summary>
    public static string ModeName(ScoreMode mode) => mode switch
    {
        ScoreMode.LowData => "low-data",
        ScoreMode.Blend => "blend",
        _ => "classifier",
    };

    private static string CodeVersion { get; } =
        typeof(WinProbabilityJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    [LoggerMessage(Level = LogLevel.Information, Message = "Win probability as of {AsOf} ({Rows} training rows), seconds per step: {Steps}")]
    private static partial void LogSteps(ILogger logger, DateOnly asOf, int rows, string steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training the win-probability classifier on {Rows} rows from {Closed} closed deals")]
    private static partial void LogTraining(ILogger logger, int rows, int closed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Win probability as of {AsOf}: {Scored} open opportunities scored ({Mode}), run {RunId}")]
    private static partial void LogFinished(ILogger logger, DateOnly asOf, int scored, string mode, long runId);
}
