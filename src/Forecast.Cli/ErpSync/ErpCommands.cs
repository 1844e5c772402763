using System.CommandLine;
using System.Globalization;
using Forecast.Core.ErpSync;
using Forecast.Core.Ingest;
using Forecast.Core.Outbound;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Cli.ErpSync;

/// <summary><c>forecast erp ...</c>: the documents the ERP gets (draft orders, new customers, purchase proposals).</summary>
internal static class ErpCommands
{
    public static Command Create()
    {
        var erp = new Command("erp", "Documents for the ERP: draft sales orders from won deals, new customers, purchase proposals (CSV drop and webhook).");
        var to = new Option<DirectoryInfo>("--to") { Description = "Directory the drop folder is written in (created if missing).", Required = true };
        var mapping = new Option<string?>("--mapping") { Description = "Layout of the files: a mapping file (the import's language, read in reverse) or the shipped 'erp-documents' (default: Erp:Documents:ExportMapping)." };
        var export = new Command("export-documents",
            "Write the documents not exported before (won deals are converted first) into a new folder of CSV files in the mapping's layout, then mark them "
            + "exported. The folder appears whole or not at all; a failed write marks nothing.") { to, mapping };
        export.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            await services.GetRequiredService<WonDealConversion>().ConvertAsync(null, token);
            await services.GetRequiredService<ProposalDocuments>().WriteMissingAsync(token);
            try
            {
                var drop = await services.GetRequiredService<ErpCsvDrop>().ExportToDirectoryAsync(parse.GetValue(to)!.FullName, parse.GetValue(mapping), token);
                Console.WriteLine(drop.Folder is null ? "Nothing to export: every document is in an earlier drop." : $"Wrote {drop.Documents} document(s) to {drop.Folder}");
                if (drop.NotInLayout > 0)
                    Console.WriteLine($"{drop.NotInLayout} document(s) wait: the mapping has no file for their kind.");
                return ExitCodes.Ok;
            }
            catch (MappingException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Failed;
            }
        }, ct));

        var kind = new Option<string?>("--kind") { Description = "Only this kind: customer, sales-order or purchase-proposal." };
        kind.AcceptOnlyFromAmong([.. ErpDocumentKinds.All]);
        var take = new Option<int>("--take") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 100 };
        var list = new Command("documents", "The ERP document outbox, newest first: kind, key, written, exported, delivered, attempts, last error.") { kind, take };
        list.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var rows = await services.GetRequiredService<ErpDocuments>().ListAsync(parse.GetValue(kind), parse.GetValue(take), token);
            var table = new CliTable(CliColumn.Number("id"), "kind", "key", "written_utc", "exported_utc", "delivered_utc", CliColumn.Number("attempts"), "gave_up_utc", "last_error");
            static string? Utc(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            foreach (var d in rows)
                table.Add(d.Id.ToString(CultureInfo.InvariantCulture), d.Kind, d.Key, Utc(d.CreatedAt), Utc(d.ExportedAt), Utc(d.DeliveredAt), d.Attempts.ToString(CultureInfo.InvariantCulture), Utc(d.GaveUpAt), d.LastError);
            table.Write(parse);
            return ExitCodes.Ok;
        }, ct));

        var send = new Command("send-documents", "Convert won deals and POST the pending documents to Erp:DocumentWebhook:Url now (what the erp-documents job does every few minutes).");
        send.SetAction((_, ct) => CliHost.RunAsync(async (services, token) =>
        {
            try
            {
                await services.GetRequiredService<ErpDocumentJobs>().RunAsync(token);
                Console.WriteLine("Documents written and the due ones posted.");
                return ExitCodes.Ok;
            }
            catch (WebhookUnavailableException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Failed;
            }
        }, ct));
        erp.Subcommands.Add(export);
        erp.Subcommands.Add(list);
        erp.Subcommands.Add(send);
        return erp;
    }
}
