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
        command.SetAction((parse, ct) => CliHost.RunAsync((services, token) => Guard(async () =>
        {
            var summary = await services.GetRequiredService<CustomerUnification>().RunAsync(parse.GetValue(asOf), token);
            Print(summary);
            return 0;
        }), ct));
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
        command.SetAction((parse, ct) => CliHost.RunAsync((services, token) => Guard(async () =>
        {
            var db = services.GetRequiredService<ForecastDbContext>();
            var accepts = parse.GetValue(accept) ?? [];
            var rejects = parse.GetValue(reject) ?? [];
            if (accepts.Intersect(rejects).Any())
            {
                Console.Error.WriteLine($"Candidate {accepts.Intersect(rejects).First()} is both accepted and rejected: choose one.");
                return 2;
            }
            if (accepts.Length + rejects.Length > 0)
            {
                var ids = accepts.Concat(rejects).ToArray();
                var rows = await db.CustomerMatchCandidates.Where(c => ids.Contains(c.Id)).ToListAsync(token);
                var missing = ids.Except(rows.Select(r => r.Id)).ToList();
                if (missing.Count > 0)
                {
                    Console.Error.WriteLine($"No match candidate with id {string.Join(", ", missing)}: run 'forecast customers review' to see the ids.");
                    return 2;
                }
                var twice = rows.Where(r => accepts.Contains(r.Id)).GroupBy(r => r.CrmAccountId).FirstOrDefault(g => g.Count() > 1);
                if (twice is not null)
                {
                    Console.Error.WriteLine($"Candidates {string.Join(" and ", twice.Select(r => r.Id))} link one CRM account to two ERP customers: accept one of them.");
                    return 2;
                }
                var who = parse.GetValue(by) ?? Environment.UserName;
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
                foreach (var row in rows)
                {
                    row.Decision = accepts.Contains(row.Id) ? MatchDecision.Confirmed : MatchDecision.Rejected;
                    row.DecidedAt = now;
                    row.DecidedBy = who;
                }
                // An account has one confirmed customer: accepting a new one withdraws an older confirmation.
                var accounts = rows.Where(r => r.Decision == MatchDecision.Confirmed).Select(r => r.CrmAccountId).ToList();
                var older = await db.CustomerMatchCandidates
                    .Where(c => accounts.Contains(c.CrmAccountId) && c.Decision == MatchDecision.Confirmed && !ids.Contains(c.Id))
                    .ToListAsync(token);
                foreach (var o in older)
                {
                    o.Decision = MatchDecision.Rejected;
                    o.DecidedAt = now;
                    o.DecidedBy = who;
                }
                await db.SaveChangesAsync(token);
                Console.WriteLine($"Recorded {accepts.Length} accepted and {rejects.Length} rejected by {who}; applying.");
                Print(await services.GetRequiredService<CustomerUnification>().RunAsync(token));
            }
            await ListQueueAsync(db, parse.GetValue(top), parse, token);
            return 0;
        }), ct));
        return command;
    }

    private static Command Conflicts()
    {
        var command = new Command("conflicts", "List customers that two or more reps are working (open owner conflicts).");
        command.SetAction((parse, ct) => CliHost.RunAsync((services, token) => Guard(async () =>
        {
            var db = services.GetRequiredService<ForecastDbContext>();
            var rows = await db.OwnerConflicts.AsNoTracking().Where(c => c.ResolvedAt == null).OrderBy(c => c.Id)
                .Select(c => new
                {
                    c.Id, c.UnifiedCustomerId, c.UnifiedCustomer!.DisplayName, Owner = c.UnifiedCustomer.OwnerRep!.Name,
                    c.Detail, c.DetectedAt,
                })
                .ToListAsync(token);
            if (rows.Count == 0)
            {
                Console.WriteLine("No open owner conflicts: every customer is worked by at most one rep (run 'forecast customers unify' after new CRM data).");
                return 0;
            }
            var table = new CliTable(CliColumn.Number("id"), "customer", "owner", "who works it", "detected");
            foreach (var r in rows)
            {
                table.Add(r.Id.ToString(CultureInfo.InvariantCulture), $"#{r.UnifiedCustomerId} {r.DisplayName}",
                    r.Owner, r.Detail, r.DetectedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            table.Write(parse);
            CliTable.Say(parse, $"{rows.Count} customers are worked by more than one rep; the owner gets the reminders. Reassign accounts in the CRM to resolve.");
            return 0;
        }), ct));
        return command;
    }

    private static async Task ListQueueAsync(ForecastDbContext db, int top, ParseResult parse, CancellationToken token)
    {
        var total = await db.CustomerMatchCandidates.CountAsync(c => c.Decision == MatchDecision.NeedsReview, token);
        if (total == 0)
        {
            Console.WriteLine("The review queue is empty.");
            return;
        }
        var rows = await db.CustomerMatchCandidates.AsNoTracking().Where(c => c.Decision == MatchDecision.NeedsReview)
            .OrderBy(c => c.CrmAccountId).ThenByDescending(c => c.Score).Take(top)
            .Select(c => new
            {
                c.Id, c.Score, c.Evidence, Account = c.CrmAccount!.SourceKey, AccountName = c.CrmAccount.Name,
                Customer = c.ErpCustomer!.Code, CustomerName = c.ErpCustomer.Name,
            })
            .ToListAsync(token);
        var table = new CliTable(CliColumn.Number("id"), CliColumn.Number("score"), "CRM account", "ERP customer", "evidence");
        foreach (var r in rows)
        {
            table.Add(r.Id.ToString(CultureInfo.InvariantCulture), r.Score.ToString("0.00", CultureInfo.InvariantCulture),
                $"{r.Account} {r.AccountName}", $"{r.Customer} {r.CustomerName}", r.Evidence);
        }
        table.Write(parse);
        CliTable.Say(parse, $"{total} candidates wait for review (showing {rows.Count}). Decide with: forecast customers review --accept <id> --reject <id>");
    }

    private static void Print(UnificationSummary s)
    {
        var table = new Table().AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        void Row(string label, long value) => table.AddRow([label, value.ToString("N0", CultureInfo.InvariantCulture)]);
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
        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Unified as of {s.AsOf:yyyy-MM-dd}: {s.NewConflicts} new and {s.ResolvedConflicts} resolved owner conflicts.")
            + (s.AccountsInReview > 0 ? " Next: forecast customers review" : ""));
    }

    /// <summary>Turns the database errors a user can fix into a message and a non-zero exit code.</summary>
    private static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine(string.Join(" ", e.Failures));
            return 1;
        }
        catch (Exception e) when (Find<PostgresException>(e) is { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn })
        {
            Console.Error.WriteLine("The database schema is missing or old: run 'forecast db migrate' first.");
            return 1;
        }
        catch (Exception e) when (Find<NpgsqlException>(e) is { } npgsql && npgsql is not PostgresException)
        {
            Console.Error.WriteLine($"Cannot reach the database ({npgsql.Message}). Check ConnectionStrings__Forecast, or run scripts/demo.sh which provisions one.");
            return 1;
        }
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }
        return null;
    }
}
