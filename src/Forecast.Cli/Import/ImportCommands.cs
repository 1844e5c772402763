using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecast.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Forecast.Cli.Import;

/// <summary><c>forecast import erp|crm &lt;folder&gt; [--mapping name-or-file] [--report file]</c>.</summary>
internal static class ImportCommands
{
    public const int Rejected = 1;
    public const int Failed = 2;

    public static Command Create()
    {
        var import = new Command("import", "Import ERP or CRM exports (CSV or .csv.gz) through a mapping file; a folder with any bad row changes nothing.");
        import.Subcommands.Add(Side("erp", "demo-erp", "ERP exports: customers, products, orders and lines, invoices, stock, open purchase orders."));
        import.Subcommands.Add(Side("crm", "demo-crm", "CRM exports: reps, accounts, contacts, opportunities and their lines, activities."));
        return import;
    }

    private static Command Side(string system, string defaultMapping, string description)
    {
        var folder = new Argument<string>("folder") { Description = "The folder of exported files, or one file." };
        var mapping = new Option<string>("--mapping")
        {
            Description = $"A mapping JSON file, or a shipped mapping ({string.Join(", ", ImportMappings.ShippedNames)}).",
            DefaultValueFactory = _ => defaultMapping,
        };
        var reportFile = new Option<string?>("--report") { Description = "Also write the full report (JSON) to this file." };
        var command = new Command(system, description);
        command.Arguments.Add(folder);
        command.Options.Add(mapping);
        command.Options.Add(reportFile);
        command.SetAction((parse, ct) => RunAsync(system, parse.GetValue(folder)!, parse.GetValue(mapping)!, parse.GetValue(reportFile), ct));
        return command;
    }

    private static async Task<int> RunAsync(string system, string path, string mappingName, string? reportFile, CancellationToken cancellationToken)
    {
        ImportMapping mapping;
        try
        {
            mapping = ImportMappings.Load(mappingName);
        }
        catch (MappingException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return Failed;
        }
        if (mapping.System != system)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] mapping '{mapping.Name}' is for {mapping.System} exports: run `forecast import {mapping.System} {path} --mapping {mappingName}`.");
            return Failed;
        }
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no folder or file '{path}'. Give the folder the {system.ToUpperInvariant()} exports are in.");
            return Failed;
        }

        return await CliHost.RunAsync(async (services, ct) =>
        {
            var importer = services.GetRequiredService<ImportService>();
            var progress = new LatestProgress();
            var watch = Stopwatch.StartNew();
            ImportResult result;
            try
            {
                result = await ShowProgressAsync(importer.ImportAsync(mapping, path, progress, ct), progress, watch);
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
            {
                // A data exception is a value the import's own checks let through: the database is fine, the input is not.
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the database refused a value of the input and nothing was changed: {ex.MessageText}");
                AnsiConsole.MarkupLine("The import's checks should have named the file, line and column: please report this with the file, and look for unusual values (very long, control characters, extreme numbers or dates).");
                return Failed;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the import failed and changed nothing: {ex.Message}");
                AnsiConsole.MarkupLine("Check that the database is reachable and migrated (`forecast db migrate`), then run the import again.");
                return Failed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the import could not read its files and changed nothing: {ex.Message}");
                AnsiConsole.MarkupLine("Check that the folder and its files exist and are readable, then run the import again.");
                return Failed;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the import failed and changed nothing: {ex.Message}");
                AnsiConsole.MarkupLine("Run the import again; if it fails the same way, report it with the mapping and the files.");
                return Failed;
            }
            watch.Stop();
            if (reportFile is not null)
                await File.WriteAllTextAsync(reportFile, result.Report.ToJson(), ct);
            PrintSummary(result, watch.Elapsed);
            return result.Status == ImportStatus.Succeeded ? 0 : Rejected;
        }, cancellationToken);
    }

    /// <summary>Rows read and rows/s while the import runs: a live line on a terminal, a line per phase in a log.</summary>
    private static async Task<ImportResult> ShowProgressAsync(Task<ImportResult> import, LatestProgress progress, Stopwatch watch)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            string? lastPhase = null;
            while (!import.IsCompleted)
            {
                await Task.WhenAny(import, Task.Delay(1000));
                if (progress.Latest is { } p && (p.Phase != lastPhase || watch.Elapsed.TotalSeconds % 10 < 1))
                {
                    Console.WriteLine(Describe(p, watch));
                    lastPhase = p.Phase;
                }
            }
            return await import;
        }
        return await AnsiConsole.Status().StartAsync("Starting import...", async ctx =>
        {
            while (!import.IsCompleted)
            {
                await Task.WhenAny(import, Task.Delay(250));
                if (progress.Latest is { } p)
                    ctx.Status(Markup.Escape(Describe(p, watch)));
            }
            return await import;
        });
    }

    private static string Describe(ImportProgress p, Stopwatch watch)
    {
        var rate = p.Rows / Math.Max(watch.Elapsed.TotalSeconds, 0.001);
        return p.Phase == "reading"
            ? string.Create(CultureInfo.InvariantCulture, $"reading {p.File}: {p.Rows:N0} rows ({rate:N0} rows/s)")
            : string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Rows:N0} rows...");
    }

    private static void PrintSummary(ImportResult result, TimeSpan elapsed)
    {
        var report = result.Report;
        var table = new Table().Title($"Import run {result.RunId}: {report.Mapping}")
            .AddColumns("File", "Entity", "Read", "Skipped", "Merged", "Rows", "Inserted", "Updated", "Unchanged");
        foreach (var file in report.Files)
        {
            var first = true;
            foreach (var target in file.Targets.DefaultIfEmpty(new TargetReport { Entity = "-" }))
            {
                table.AddRow(
                    first ? Markup.Escape(file.File) : "",
                    target.Entity,
                    first ? N(file.RowsRead) : "",
                    N((first ? file.Skipped.Values.Sum() : 0) + target.Skipped.Values.Sum()),
                    N(target.Merged),
                    N(target.Rows), N(target.Inserted), N(target.Updated), N(target.Unchanged));
                first = false;
            }
        }
        AnsiConsole.Write(table);

        foreach (var file in report.Files)
        {
            foreach (var (rule, count) in file.Skipped.Concat(file.Targets.SelectMany(t => t.Skipped)))
                AnsiConsole.MarkupLineInterpolated($"  {file.File}: skipped {count:N0} row(s): {rule}");
            if (file.FormulaLikeCells > 0)
                AnsiConsole.MarkupLineInterpolated($"  {file.File}: {file.FormulaLikeCells:N0} cell(s) look like spreadsheet formulas; stored as text, never evaluated.");
        }
        foreach (var warning in report.Warnings)
            AnsiConsole.MarkupLineInterpolated($"  [yellow]warning:[/] {warning}");
        if (report.MissingFiles.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"  not in the folder (nothing imported for them): {string.Join(", ", report.MissingFiles)}");
        if (report.IgnoredFiles.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"  ignored (the mapping does not name them): {string.Join(", ", report.IgnoredFiles)}");

        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        if (result.Status == ImportStatus.Succeeded)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[green]Imported[/]: read {report.RowsRead:N0} source rows from {report.Files.Count:N0} file(s) in {elapsed.TotalSeconds:N1} s ({report.RowsRead / seconds:N0} rows/s), skipped {report.RowsSkipped:N0}, merged {report.Merged:N0} that shared a key.");
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"  wrote {report.EntityRows:N0} entity rows (a source row may feed several entities): {report.Inserted:N0} inserted, {report.Updated:N0} updated, {report.Unchanged:N0} unchanged.");
            return;
        }

        var errors = new Table().Title($"[red]Rejected: {report.ErrorCount:N0} problem(s); nothing was changed[/]")
            .AddColumns("File", "Line", "Column", "Value", "Reason");
        foreach (var e in report.Errors.Take(30))
            errors.AddRow(Markup.Escape(e.File), e.Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(e.Column), Markup.Escape(e.Value), Markup.Escape(e.Reason));
        AnsiConsole.Write(errors);
        var more = report.ErrorCount - Math.Min(30, report.Errors.Count);
        if (more > 0)
            AnsiConsole.MarkupLineInterpolated($"  ... and {more:N0} more: the first {ImportReport.MaxErrorsShown} are in ingest.import_runs (id {result.RunId}) and in --report.");
        AnsiConsole.MarkupLine("Fix the file(s) or the mapping, then run the same command again.");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Keeps only the newest report: the screen shows where the import is now, not every step.</summary>
    private sealed class LatestProgress : IProgress<ImportProgress>
    {
        private volatile ImportProgress? _latest;
        public ImportProgress? Latest => _latest;
        public void Report(ImportProgress value) => _latest = value;
    }
}
