using System.CommandLine;
using System.Globalization;
using Forecast.Core.Outbound;
using Forecast.Core.Outreach.CrmSync;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Cli.Outreach;

/// <summary><c>forecast crm ...</c>: what reps did, for the CRM.</summary>
internal static class CrmCommands
{
    public static Command Create()
    {
        var crm = new Command("crm", "Rep actions on reminders as CRM activities (file export and webhook).");
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory the CSV file is written to (created if missing).", Required = true };
        var since = new Option<DateOnly?>("--since")
        {
            Description = "Only actions on or after this business date (yyyy-MM-dd); older ones stay pending for a later export.",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return date;
                result.AddError($"--since '{text}' is not a date like 2026-11-27 (yyyy-MM-dd).");
                return null;
            },
        };
        var export = new Command("export-activities",
            "Write the rep actions not exported before (sent emails, dismissals, snoozes) to a new CSV file, then mark them exported. "
            + "A failed write marks nothing: the next export holds them again. Rows carry the key reminder-action:{id} for the CRM to dedupe on.") { output, since };
        export.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var directory = parse.GetValue(output)!.FullName;
            try
            {
                var (path, count) = await services.GetRequiredService<CrmActivities>().ExportToDirectoryAsync(directory, parse.GetValue(since), token);
                Console.WriteLine(path is null ? "Nothing to export: every rep action is in an earlier file." : $"Wrote {count} activit{(count == 1 ? "y" : "ies")} to {path}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing is marked exported before the file is complete, so the next export holds every action again.
                await Console.Error.WriteLineAsync($"error: could not write the CRM activity file in {directory}: {ex.Message} Nothing was marked exported.");
                return ExitCodes.Failed;
            }
        }, ct));
        var send = new Command("send-activities", "POST the pending rep actions to Crm:ActivityWebhook:Url now (what the crm-activity-webhook job does every few minutes).");
        send.SetAction((_, ct) => CliHost.RunAsync(async (services, token) =>
        {
            try
            {
                var delivered = await services.GetRequiredService<CrmWebhook>().DeliverDueAsync(token);
                Console.WriteLine($"Delivered {delivered} activit{(delivered == 1 ? "y" : "ies")}.");
                return ExitCodes.Ok;
            }
            catch (WebhookUnavailableException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Failed;
            }
        }, ct));
        crm.Subcommands.Add(export);
        crm.Subcommands.Add(send);
        return crm;
    }
}
