using System.Text.Json;
using Forecast.Core.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Forecast.Core.Ingest;

/// <summary>Where a long import is: the file, rows read so far, and the phase (reading, checking, applying).</summary>
public sealed record ImportProgress(string File, long Rows, string Phase);

public sealed record ImportResult(long RunId, ImportStatus Status, ImportReport Report);

/// <summary>
/// Imports a folder of exports through a mapping, or a pushed batch of records, as one unit: every source is staged
/// (binary COPY into temporary tables) and checked first, then everything is applied in dependency order in the same
/// transaction. Any bad row rejects the whole import and changes nothing; every import, rejected or not, is recorded
/// in <c>ingest.import_runs</c> with its report.
/// </summary>
public sealed class ImportService(NpgsqlDataSource dataSource, ForecastDbContext db, TimeProvider time, IOptions<ImportLimits>? limits = null,
    IOptions<Opportunities.WinProbabilityStageOptions>? winProbability = null)
{
    private readonly ImportLimits _limits = limits?.Value ?? ImportLimits.Default;

    /// <summary>The canonical deal stages: those the win rates have a prior for.</summary>
    private readonly Dictionary<string, string> _stages = (winProbability?.Value ?? new Opportunities.WinProbabilityStageOptions()).StagePriors.Keys
        .DistinctBy(k => k, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);

    /// <summary>Imports the files of <paramref name="path"/> (a folder, or one file) that the mapping names.</summary>
    public Task<ImportResult> ImportAsync(ImportMapping mapping, string path, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var report = new ImportReport { Mapping = mapping.Name, Source = path };
        var files = FindFiles(mapping, path, report);
        return RunAsync(mapping.System, Path.GetFullPath(path), report, (connection, ct) =>
        {
            var staged = new List<StagingFile>();
            for (var i = 0; i < files.Count; i++)
            {
                var (fileMapping, file) = files[i];
                var encodingName = fileMapping.Encoding ?? mapping.Encoding;
                var encoding = FileEncodings.Resolve(encodingName)!;
                var fileReport = new FileReport { File = Path.GetFileName(file), Encoding = encodingName ?? "utf-8" };
                report.Files.Add(fileReport);
                CsvRowSource source;
                string? problem;
                try
                {
                    source = CsvRowSource.Open(file, encoding, encodingName, ImportFiles.DelimiterChar(fileMapping.Delimiter ?? mapping.Delimiter)!.Value, out problem);
                }
                catch (InvalidDataException)
                {
                    report.AddError(fileReport.File, 1, "", "", "not a valid gzip file (corrupt or not compressed): compress or export the file again, or drop the .gz ending");
                    continue;
                }
                if (problem is not null)
                {
                    report.AddError(fileReport.File, 1, "", "", problem);
                    continue;
                }
                using (source)
                {
                    if (Stage(connection, i, source, fileMapping, mapping, fileReport, report, progress, headerLine: 1, _limits, _stages, ct) is { } stagingFile)
                        staged.Add(stagingFile);
                }
            }
            return staged;
        }, progress, cancellationToken);
    }

    /// <summary>Imports pushed records of one entity (our field names; see <see cref="JsonRowSource"/>).</summary>
    public Task<ImportResult> ImportRecordsAsync(TargetEntity entity, string sourceSystem, JsonElement records, CancellationToken cancellationToken)
    {
        var source = new JsonRowSource(records, entity);
        var mapping = source.Mapping(entity.System, sourceSystem);
        var report = new ImportReport { Mapping = "api", Source = $"api/{entity.System}/{entity.Name}" };
        var fileReport = new FileReport { File = source.Name };
        report.Files.Add(fileReport);
        source.CheckShape(report);
        return RunAsync(entity.System, report.Source, report, (connection, ct) =>
        {
            using (source)
            {
                if (records.GetArrayLength() == 0)
                    return [];
                var staged = Stage(connection, 0, source, mapping.Files[0], mapping, fileReport, report, null, headerLine: 0, _limits, _stages, ct);
                return staged is null ? [] : [staged];
            }
        }, null, cancellationToken);
    }

    private static StagingFile? Stage(NpgsqlConnection connection, int index, RowSource source, FileMapping fileMapping, ImportMapping mapping,
        FileReport fileReport, ImportReport report, IProgress<ImportProgress>? progress, int headerLine, ImportLimits limits, IReadOnlyDictionary<string, string> stages, CancellationToken cancellationToken)
    {
        if (source.Header.Count == 0)
        {
            report.AddError(source.Name, headerLine, "", "", "the file is empty: expected a header row with the column names");
            return null;
        }
        var header = new HeaderIndex(source.Header);
        var missing = new List<string>();
        var skip = SkipPlan.Bind(fileMapping.Skip, header, missing);
        var targets = fileMapping.Targets
            .Select((t, i) => TargetPlan.Compile(i, t, mapping, fileMapping.Culture, header, missing, limits))
            .ToList();
        if (missing.Count > 0)
        {
            // The header is echoed only when it is one of this mapping's headers with a column missing: the first line of
            // an unrelated file (a symbolic link to a system file, a wrong export) must not reach the report and admin pages.
            var expected = ExpectedColumns(fileMapping);
            var looksLikeOurs = source.Header.Any(h => expected.Contains(h));
            foreach (var column in missing)
            {
                report.AddError(source.Name, headerLine, column, "", headerLine == 0 ? "required field: no record of the batch has it"
                    : looksLikeOurs ? $"missing required column (the header has: {Preview(source.Header)})"
                    : $"missing required column; the first line has none of the columns the mapping reads for {fileMapping.File}: check that this is the right file, its delimiter and its encoding");
            }
            return null;
        }
        foreach (var target in targets.Where(t => t.Entity.Name == "opportunities"))
            target.Stages = stages;
        var staging = new StagingFile(index, source, targets, skip, fileReport);
        progress?.Report(new ImportProgress(source.Name, 0, "reading"));
        staging.Load(connection, report, rows => progress?.Report(new ImportProgress(source.Name, rows, "reading")), cancellationToken);
        foreach (var rule in skip.Where(r => r.Count > 0))
            fileReport.Skipped[rule.Name] = fileReport.Skipped.GetValueOrDefault(rule.Name) + rule.Count;
        foreach (var target in targets)
        {
            foreach (var rule in target.Skip.Where(r => r.Count > 0))
                target.Report.Skipped[rule.Name] = target.Report.Skipped.GetValueOrDefault(rule.Name) + rule.Count;
            if (target.Report.UnknownStages is { Count: > 0 } unknown)
            {
                report.Warnings.Add($"{source.Name}: open deals with stages the win rates do not know: "
                    + string.Join(", ", unknown.Select(u => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"{u.Key}\" ({u.Value:N0})")))
                    + $". Known stages: {string.Join(", ", stages.Keys)}. Map each source stage to one of them with \"codes\" on the stage field, or add it to WinProbability:StagePriors");
            }
            fileReport.Targets.Add(target.Report);
        }
        using var analyze = ImportSql.Command($"ANALYZE {staging.Table}", connection);
        analyze.ExecuteNonQuery();
        return staging;
    }

    private static HashSet<string> ExpectedColumns(FileMapping file) =>
        file.Skip.Select(r => r.Column)
            .Concat(file.Targets.SelectMany(t => t.Key.Concat(t.Skip.Select(r => r.Column))
                .Concat(t.Fields.Values.SelectMany(f => f.SourceColumns.Append(f.SystemColumn ?? "")))))
            .Where(c => c.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static string Preview(IReadOnlyList<string> header) =>
        string.Join(", ", header.Take(40).Select(h => h.Length > 60 ? h[..60] + "…" : h)) + (header.Count > 40 ? ", …" : "");

    private async Task<ImportResult> RunAsync(string system, string source, ImportReport report,
        Func<NpgsqlConnection, CancellationToken, List<StagingFile>> stage, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var run = new ImportRun { System = system, Source = source, StartedAt = time.GetUtcNow(), Status = ImportStatus.Running };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await TuneSessionAsync(connection, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var local = ImportSql.Command("SET LOCAL work_mem = '256MB'", connection))
                await local.ExecuteNonQueryAsync(cancellationToken);
            var files = await report.TimeAsync("read and stage", () => Task.Run(() => stage(connection, cancellationToken), cancellationToken));
            var targets = files
                .SelectMany((f, i) => f.StagedTargets(i))
                .OrderBy(t => IngestCatalog.Order(t.Plan.Entity)).ThenBy(t => t.FileOrder)
                .ToList();

            progress?.Report(new ImportProgress("", report.RowsRead, "checking"));
            foreach (var target in targets)
                await report.TimeAsync($"check keys and merge {target.Plan.Entity.Name}", () => target.PrepareAsync(connection, report, cancellationToken));
            foreach (var target in targets)
                await report.TimeAsync($"check references {target.Plan.Entity.Name}", () => target.CheckReferencesAsync(connection, targets, report, cancellationToken));

            if (report.ErrorCount > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                run.Status = ImportStatus.Rejected;
            }
            else
            {
                progress?.Report(new ImportProgress("", report.RowsRead, "applying"));
                var now = time.GetUtcNow();
                foreach (var target in targets)
                    await report.TimeAsync($"apply {target.Plan.Entity.Name}", () => target.ApplyAsync(connection, run.Id, now, cancellationToken));
                await report.TimeAsync("commit", () => transaction.CommitAsync(cancellationToken));
                run.Status = ImportStatus.Succeeded;
            }
        }
        catch (Exception ex)
        {
            run.Status = ImportStatus.Failed;
            report.Failure = ex.Message;
            await FinishAsync(run, report);
            throw;
        }
        await FinishAsync(run, report);
        return new ImportResult(run.Id, run.Status, report);
    }

    /// <summary>
    /// Staging tables are temporary: with PostgreSQL's 8 MB of temp buffers a big file spills to disk page by page.
    /// The setting can only change before a session's first temporary table, so a pooled session may keep its own.
    /// </summary>
    private static async Task TuneSessionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = ImportSql.Command("SET temp_buffers = '256MB'", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidParameterValue)
        {
            // Already used temporary tables: keep the session's value.
        }
    }

    /// <summary>Written after the commit or the rollback, so a rejected import leaves its run row and nothing else.</summary>
    private async Task FinishAsync(ImportRun run, ImportReport report)
    {
        run.FinishedAt = time.GetUtcNow();
        run.RowsRead = report.RowsRead;
        run.RowsSkipped = report.RowsSkipped;
        run.RowsInserted = report.Inserted;
        run.RowsUpdated = report.Updated;
        run.RowsUnchanged = report.Unchanged;
        run.ErrorCount = report.ErrorCount;
        run.ReportJson = report.ToJson();
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The files of a folder (or the one file given) that the mapping names, in the mapping's order.</summary>
    public static List<(FileMapping Mapping, string Path)> FindFiles(ImportMapping mapping, string path, ImportReport report)
    {
        string[] candidates;
        if (File.Exists(path) || (new FileInfo(path).LinkTarget is not null && !Directory.Exists(path)))
            candidates = [path];
        else if (Directory.Exists(path))
            candidates = Directory.GetFiles(path).Order(StringComparer.Ordinal).ToArray();
        else
            throw new DirectoryNotFoundException($"No folder or file '{path}'.");

        var found = new List<(FileMapping, string)>();
        var used = new HashSet<string>();
        foreach (var fileMapping in mapping.Files)
        {
            var matches = candidates.Where(c => ImportFiles.Matches(fileMapping.File, Path.GetFileName(c))).ToList();
            if (matches.Count == 0)
                report.MissingFiles.Add(fileMapping.File);
            foreach (var match in matches.Where(used.Add))
            {
                if (ImportFiles.NotARegularFile(match) is { } problem)
                {
                    report.AddError(Path.GetFileName(match), 0, "", "", problem);
                    continue;
                }
                found.Add((fileMapping, match));
            }
        }
        if (report.ErrorCount > 0)
            return [];
        report.IgnoredFiles.AddRange(candidates.Where(c => !used.Contains(c)).Select(Path.GetFileName)!);
        if (found.Count == 0)
        {
            report.AddError(Path.GetFileName(path), 0, "", "",
                $"no file here matches the mapping '{mapping.Name}' (it reads {string.Join(", ", mapping.Files.Select(f => f.File))}; .gz versions too)");
        }
        return found;
    }
}
