using System.CommandLine;
using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Forecast.Cli.Outreach;

/// <summary><c>forecast reminders build</c> (the <c>reminders</c> stage, in this process) and <c>forecast reminders list</c>.</summary>
internal static class ReminderCommands
{
    public static Command Create()
    {
        var reminders = new Command("reminders", "Reps' reminders (reorder due, at risk, stalled deals) with drafted outreach.");

        var asOf = AsOfOption.Create($"Business date to build as of (yyyy-MM-dd). {AsOfOption.DefaultText}");
        var build = new Command("build", "Build today's reminders and queue the reps' emails: the 'reminders' stage the morning schedule runs.") { asOf };
        build.SetAction((parse, ct) => BuildAsync(parse.GetValue(asOf), ct));

        var rep = new Option<string?>("--rep") { Description = "Only this rep's reminders (the rep's email)." };
        var status = new Option<ReminderStatus?>("--status") { Description = "Only reminders in this status: New, SentByRep, Dismissed, Failed." };
        var day = AsOfOption.Create("Only reminders built as of this date (yyyy-MM-dd).");
        var take = new Option<int>("--take") { Description = "At most this many lines.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List reminders, newest first, with their why-now or the reason they failed.") { rep, status, day, take };
        list.SetAction((parse, ct) => CliHost.RunAsync((services, token) => ListAsync(services, parse.GetValue(rep), parse.GetValue(status), parse.GetValue(day), parse.GetValue(take), parse, token), ct));

        reminders.Subcommands.Add(build);
        reminders.Subcommands.Add(list);
        return reminders;
    }

    private static async Task<int> BuildAsync(DateOnly? asOf, CancellationToken cancellationToken)
    {
        var builder = CliHost.CreateBuilder();
        InlinePipeline.Register(builder.Services);
        using var host = builder.Build();
        try
        {
            await host.Services.GetRequiredService<InlinePipeline>().RunAsync(asOf, [RemindersStage.StageName], "cli", null, null, cancellationToken);
        }
        catch (PipelineBusyException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            await Console.Error.WriteLineAsync("Reminders need that run's predictions: build them when it has finished.");
            return 1;
        }
        catch (AsOfDateException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (PartitionFailedException ex)
        {
            await Console.Error.WriteLineAsync($"error: building the reminders failed: {ex.InnerException?.Message}");
            await Console.Error.WriteLineAsync($"Nothing was kept (one transaction) and pipeline run {ex.RunId} is marked failed. Fix the cause and run 'forecast reminders build' again.");
            return 1;
        }
        var summary = host.Services.GetRequiredService<LastReminderBuild>().Summary;
        if (summary is null)
        {
            await Console.Error.WriteLineAsync("error: the run did not build reminders (another worker may have taken it); see 'forecast reminders list'.");
            return 1;
        }
        Print(summary);
        return summary.Warning is null ? 0 : 1;
    }

    private static void Print(ReminderBuildSummary s)
    {
        var inv = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(inv, "[bold]Reminders as of {0:yyyy-MM-dd}[/]{1}", s.AsOf,
            s.PredictionsAsOf is { } p ? $" (reorder predictions of {p:yyyy-MM-dd}, run {s.ReorderRunId})" : "");
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("candidates (rules matched)", s.Candidates.ToString("N0", inv));
        var kinds = string.Join(", ", s.ByKind.OrderBy(k => k.Key).Select(k => $"{Kind(k.Key)} {k.Value.ToString("N0", inv)}"));
        table.AddRow("made", $"{s.Created.ToString("N0", inv)}{(kinds.Length > 0 ? $" ({kinds})" : "")}");
        table.AddRow("failed ones tried again", s.Retried.ToString("N0", inv));
        table.AddRow("failed (reason recorded)", s.Failed.ToString("N0", inv));
        table.AddRow("customers without an owner", s.WithoutOwner.ToString("N0", inv));
        table.AddRow("customers in cool-down", s.CoolingDown.ToString("N0", inv));
        table.AddRow("rep emails queued", $"{s.RepEmails.ToString("N0", inv)} single, {s.Digests.ToString("N0", inv)} digest(s)");
        AnsiConsole.Write(table);
        if (s.Failures.Count > 0)
        {
            AnsiConsole.MarkupLine("[yellow]Failures[/] (fix the cause, then build again: failed reminders are retried):");
            foreach (var failure in s.Failures.Take(30))
                AnsiConsole.WriteLine("  " + failure);
            if (s.Failures.Count > 30)
                AnsiConsole.WriteLine($"  ... and {s.Failures.Count - 30} more (forecast reminders list --status Failed).");
        }
        if (s.Warning is not null)
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(s.Warning)}[/]");
        AnsiConsole.WriteLine("Next: the outbox sender mails the reps within minutes ('forecast outbox send' sends now); reps see their reminders on /reps/reminders.");
    }

    private static string Kind(ReminderKind kind) => kind switch
    {
        ReminderKind.ReorderDue => "reorder due",
        ReminderKind.AtRisk => "at risk",
        _ => "stalled deal",
    };

    private static async Task<int> ListAsync(IServiceProvider services, string? repEmail, ReminderStatus? status, DateOnly? day, int take, ParseResult parse, CancellationToken cancellationToken)
    {
        long? repId = null;
        if (repEmail is not null)
        {
            var db = services.GetRequiredService<ForecastDbContext>();
            repId = await db.Reps.Where(r => r.Email == repEmail).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
            if (repId is null)
            {
                await Console.Error.WriteLineAsync($"error: no CRM rep has the email '{repEmail}'.");
                return 1;
            }
        }
        var inbox = services.GetRequiredService<ReminderInbox>();
        var items = await inbox.ListAsync(new ReminderFilter(repId, status, null, day, take), repScope: null, cancellationToken);
        if (items.Count == 0)
        {
            Console.WriteLine("No reminders match. Build them with 'forecast reminders build' (after the nightly pipeline).");
            return 0;
        }
        var counts = await inbox.CountsAsync(null, repId, cancellationToken);
        var summary = string.Join("  ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"));
        if (!CliTable.IsDrawn(parse))
        {
            var table = new CliTable(CliColumn.Number("id"), "as_of", "kind", "status", "customer", "product", "rep", "why");
            foreach (var r in items)
            {
                table.Add(r.Id.ToString(CultureInfo.InvariantCulture), r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Kind(r.Kind),
                    r.Status.ToString(), r.CustomerName, r.ProductName, r.RepName,
                    r.Status == ReminderStatus.Failed ? "failed: " + r.FailureReason : r.WhyNow);
            }
            table.Write(parse);
            CliTable.Say(parse, summary);
            return 0;
        }
        // On a terminal, two lines per reminder rather than a table: customer names and reasons are long and wrap
        // badly in narrow columns.
        foreach (var r in items)
        {
            var topic = r.ProductName is null ? "" : $" / {r.ProductName}";
            Console.WriteLine($"#{r.Id,-6} {r.AsOf:yyyy-MM-dd}  {Kind(r.Kind),-12} {r.Status,-9} {r.CustomerName.ReplaceLineEndings(" ")}{topic}  (rep: {r.RepName ?? "no owner"})");
            Console.WriteLine($"        {(r.Status == ReminderStatus.Failed ? "failed: " + r.FailureReason : r.WhyNow)}");
        }
        Console.WriteLine(summary);
        return 0;
    }
}
