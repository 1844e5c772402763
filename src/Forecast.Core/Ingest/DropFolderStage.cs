using System.ComponentModel.DataAnnotations;
using Forecast.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Ingest;

/// <summary>The nightly import of exports left in a drop folder. Section <c>Ingest</c>.</summary>
public sealed class DropFolderOptions
{
    /// <summary>
    /// A folder with <c>erp/</c> and <c>crm/</c> sub-folders where the ERP and CRM exports land (by SFTP, a share, a
    /// scheduled export...). Empty: the nightly pipeline imports nothing and works on what is already in the database.
    /// </summary>
    public string? DropFolder { get; set; }

    /// <summary>Mapping for <c>erp/</c>: a shipped name or a path to a mapping file.</summary>
    [Required]
    public string ErpMapping { get; set; } = "demo-erp";

    /// <summary>Mapping for <c>crm/</c>: a shipped name or a path to a mapping file.</summary>
    [Required]
    public string CrmMapping { get; set; } = "demo-crm";
}

/// <summary>
/// Imports what waits in the drop folder, ERP first (customers and products that CRM lines refer to), then CRM.
/// A folder that imports is moved to <c>archive/&lt;run&gt;/</c>; one with a bad row changes nothing in the database
/// and is moved to <c>rejected/&lt;run&gt;/</c> next to its report, so it is not retried every night. The rest of the
/// pipeline goes on with the data already there; the rejection shows on the admin page.
/// </summary>
public sealed partial class DropFolderStage(ImportService imports, IOptions<DropFolderOptions> options, ILogger<DropFolderStage> log) : IPipelineStage
{
    public const string StageName = "import";

    public string Name => StageName;
    public string Description => "Import new ERP and CRM exports from the drop folder.";

    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(1);

    public async Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        var drop = options.Value.DropFolder;
        if (string.IsNullOrWhiteSpace(drop))
        {
            LogNoDropFolder();
            return;
        }
        foreach (var (system, mappingName) in new[] { ("erp", options.Value.ErpMapping), ("crm", options.Value.CrmMapping) })
        {
            var folder = Path.Combine(drop, system);
            if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder).Any())
                continue;
            var mapping = ImportMappings.Load(mappingName);
            var result = await imports.ImportAsync(mapping, folder, progress: null, cancellationToken);
            var target = Path.Combine(drop, result.Status == ImportStatus.Succeeded ? "archive" : "rejected", $"run-{run.RunId}-import-{result.RunId}", system);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.EnumerateFiles(folder))
                File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            if (result.Status != ImportStatus.Succeeded)
            {
                await File.WriteAllTextAsync(Path.Combine(target, "report.json"), result.Report.ToJson(), cancellationToken);
                LogRejected(system, result.RunId, target);
            }
            else
            {
                LogImported(system, result.RunId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No Ingest:DropFolder configured; nothing to import")]
    private partial void LogNoDropFolder();

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the {System} drop folder (import run {ImportRunId})")]
    private partial void LogImported(string system, long importRunId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {System} drop folder was rejected (import run {ImportRunId}); files and report moved to {Target}")]
    private partial void LogRejected(string system, long importRunId, string target);
}
