using System.CommandLine;
using System.Globalization;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace Forecast.Cli.Customers;

/// <summary><c>forecast customers ...</c>: one customer across ERP and CRM.</summary>
internal static class CustomersCommands
{
    public static Command Create()
    {
        var customers = new Command("customers", "One customer across ERP and CRM: matching, the review queue, owner conflicts.");
        customers.Subcommands.Add(Unify());
        customers.Subcommands.Add(Review());
        customers.Subcommands.Add(Conflicts());
        return customers;
    }

    private static Command Unify()
    {
        var asOf = AsOfOption.Create($"Judge owner conflicts as of this day (yyyy-MM-dd). {AsOfOption.DefaultText}");
        var command = new Command("unify", "Match CRM accounts to ERP customers, link the confident pairs, queue the ambiguous ones, set owners, report conflicts.") { asOf };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var summary = await services.GetRequiredService<CustomerUnification>().RunAsync(parse.GetValue(asOf), token);
            Print(summary, parse);
            return 0;
        }, ct));
        return command;
    }

    private static Command Review()
    {
        var accept = new Option<long[]>("--accept") { Description = "Candidate ids to accept (link the account to that ERP customer).", AllowMultipleArgumentsPerToken = true };
        var reject = new Option<long[]>("--reject") { Description = "Candidate ids to reject (never link that pair).", AllowMultipleArgumentsPerToken = true };
        var by = new Option<string?>("--by") { Description = "Who decides (recorded with the decision); default: the OS user." };
        var top = new Option<int>("--top") { Description = "Show at most this many candidates.", DefaultValueFactory = _ => 50 };
        var command = new Command("review", "List the match candidates waiting for a person, or accept/reject them by id (then the links are applied).")
        {
            accept, reject, by, top,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var review = services.GetRequiredService<MatchReview>();
            var accepts = parse.GetValue(accept) ?? [];
            var rejects = parse.GetValue(reject) ?? [];
            if (accepts.Length + rejects.Length > 0)
            {
                var who = parse.GetValue(by) ?? Environment.UserName;
                try
                {
                    var result = await review.DecideAsync(accepts, rejects, who, apply: true, token);
                    CliTable.Say(parse, $"Recorded {result.Accepted} accepted and {result.Rejected} rejected by {who}" +
                        (result.Withdrawn > 0 ? $" ({result.Withdrawn} older confirmation(s) of the same accounts withdrawn)" : "") + "; applied.");
                    if (result.Applied is { } applied)
                        Print(applied, parse);
                }
                catch (MatchDecisionException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}");
                    return ExitCodes.Usage;
                }
                catch (KeyNotFoundException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message} Run 'forecast customers review' to see the ids.");
                    return ExitCodes.Usage;
                }
            }
            await ListQueueAsync(review, parse.GetValue(top), parse, token);
            return 0;
        }, ct));
        return command;
    }

    private static Command Conflicts()
    {
        var command = new Command("conflicts", "List customers that two or more reps are working (open owner conflicts).");
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var rows = await services.GetRequiredService<MatchReview>().OpenConflictsAsync(token);
            if (rows.Count == 0)
            {
                Console.WriteLine("No open owner conflicts: every customer is worked by at most one rep (run 'forecast customers unify' after new CRM data).");
                return 0;
            }
            var table = new CliTable(CliColumn.Number("id"), "customer", "owner", "who works it", "detected");
            foreach (var r in rows)
            {
                table.Add(r.Id.ToString(CultureInfo.InvariantCulture), $"#{r.CustomerId} {r.CustomerName}",
                    r.OwnerName, r.Detail, r.DetectedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            table.Write(parse);
            CliTable.Say(parse, $"{rows.Count} customers are worked by more than one rep; the owner gets the reminders. Reassign accounts in the CRM to resolve.");
            return 0;
        }, ct));
        return command;
    }

    private static async Task ListQueueAsync(MatchReview review, int top, ParseResult parse, CancellationToken token)
    {
        var queue = await review.QueueAsync(0, top, token);
        var total = queue.Total;
        if (total == 0)
        {
            CliTable.Say(parse, "The review queue is empty.");
            return;
        }
        var rows = queue.Items;
        var table = new CliTable(CliColumn.Number("id"), CliColumn.Number("score"), "CRM account", "ERP customer", "evidence");
        foreach (var r in rows)
        {
            table.Add(r.Id.ToString(CultureInfo.InvariantCulture), r.Score.ToString("0.00", CultureInfo.InvariantCulture),
                $"{r.AccountKey} {r.AccountName}", $"{r.CustomerCode} {r.CustomerName}", r.Evidence);
        }
        table.Write(parse);
        CliTable.Say(parse, $"{total} candidates wait for review (showing {rows.Count}). Decide with: forecast customers review --accept <id> --reject <id>");
    }

    private static void Print(UnificationSummary s, ParseResult parse)
    {
        var table = new CliTable("measure", CliColumn.Number("count"));
        void Row(string label, long value) => table.Add(label, value.ToString("N0", CultureInfo.InvariantCulture));
        Row("ERP customers", s.ErpCustomers);
        Row("CRM accounts", s.CrmAccounts);
        Row("pairs scored (after blocking)", s.PairsScored);
        Row("accounts auto-linked", s.AutoLinked);
        Row("accounts linked by a person", s.Confirmed);
        Row("accounts waiting for review", s.AccountsInReview);
        Row("prospects (CRM only)", s.Prospects);
        Row("unified customers", s.UnifiedCustomers);
        Row("open owner conflicts", s.OpenConflicts);
        Row("changes saved", s.Changes);
        table.Write(parse);
        CliTable.Say(parse, string.Create(CultureInfo.InvariantCulture, $"Unified as of {s.AsOf:yyyy-MM-dd}: {s.NewConflicts} new and {s.ResolvedConflicts} resolved owner conflicts.")
            + (s.AccountsInReview > 0 ? " Next: forecast customers review" : ""));
    }
}
