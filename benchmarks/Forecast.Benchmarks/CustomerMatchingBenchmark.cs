using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.Core;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.DemoWorld;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spectre.Console;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark customer-matching</c>: generates a demo world, loads it into a scratch database on the configured
/// PostgreSQL server (created and dropped by the command), runs customer unification and reports its time and its
/// precision and recall against the generator's ground truth.
/// </summary>
internal static class CustomerMatchingBenchmark
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "ERP customers in the generated world.", DefaultValueFactory = _ => 20_000 };
        var products = new Option<int>("--products") { Description = "Products in the generated world.", DefaultValueFactory = _ => 5_000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 42 };
        var activities = new Option<bool>("--with-activities") { Description = "Also load every CRM activity (owner conflicts; slow at 20,000 customers)." };
        var englishNames = new Option<bool>("--erp-english-names")
        {
            Description = "Give each ERP customer its name in the other script as an alias, as an ERP export with an English-name column does (the demo world's export has none).",
        };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the result files (customer-matching-<customers>x<products>[-english-names].json and .md).",
            DefaultValueFactory = _ => new DirectoryInfo("benchmarks/customer-matching/results"),
        };
        var command = new Command("customer-matching", "Customer unification on a generated world: time, precision and recall of auto-links.")
        {
            customers, products, seed, activities, englishNames, output,
        };
        command.SetAction((parse, ct) => RunAsync(
            new DemoWorldOptions { Customers = parse.GetValue(customers), Products = parse.GetValue(products), Seed = parse.GetValue(seed) },
            parse.GetValue(activities), parse.GetValue(englishNames), parse.GetValue(output)!, ct));
        return command;
    }

    private sealed record Result(
        string Command, string RunUtc, string Machine, string LoadBefore, string LoadAfter, int Seed, int Customers, int Products,
        bool WithActivities, bool ErpEnglishNames, int ErpCustomers, int CrmAccounts, int TrueLinks, long PairsScored, long PairsWithoutBlocking,
        int AutoLinks, int CorrectAutoLinks, double Precision, double Recall, int AccountsInReview, int CandidatesInReview, int OpenOwnerConflicts,
        double GenerateSeconds, double LoadSeconds, double UnifySeconds, double UnifyRerunSeconds, int RerunChanges);

    private static async Task<int> RunAsync(DemoWorldOptions options, bool withActivities, bool withEnglishNames, DirectoryInfo output, CancellationToken ct)
    {
        var loadBefore = BenchDatabase.LoadAverage();
        var invalid = options.Validate();
        if (invalid is not null)
        {
            Console.Error.WriteLine(invalid);
            return 2;
        }
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Forecast");
        if (string.IsNullOrEmpty(server))
        {
            Console.Error.WriteLine("Set ConnectionStrings__Forecast to a PostgreSQL role that may CREATE DATABASE (scripts/lib/postgres.sh provision_postgres exports one).");
            return 2;
        }
        var builder = new NpgsqlConnectionStringBuilder(server);
        var scratch = $"forecast_bench_{Guid.NewGuid():N}"[..28];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{scratch}\"", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
        builder.Database = scratch;
        try
        {
            var hostBuilder = Host.CreateApplicationBuilder();
            hostBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
            // Migrating a new database first queries a history table that does not exist yet: expected, not an error.
            hostBuilder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
            hostBuilder.Configuration["ConnectionStrings:Forecast"] = builder.ConnectionString;
            hostBuilder.AddForecastCore();
            using var host = hostBuilder.Build();

            var clock = Stopwatch.StartNew();
            var world = DemoWorldGenerator.Generate(options);
            var generateSeconds = clock.Elapsed.TotalSeconds;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ForecastDbContext>();
                await db.Database.MigrateAsync(ct);
                clock.Restart();
                await DemoWorldSeeder.SeedAsync(db, world, withActivities ? DemoSeedParts.MasterData | DemoSeedParts.Activities : DemoSeedParts.MasterData, ct);
                if (withEnglishNames)
                    await AddOtherScriptNamesAsync(db, world, ct);
            }
            var seedSeconds = clock.Elapsed.TotalSeconds;

            UnificationSummary first, second;
            double firstSeconds, secondSeconds;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                clock.Restart();
                first = await scope.ServiceProvider.GetRequiredService<CustomerUnification>().RunAsync(options.AsOf, ct);
                firstSeconds = clock.Elapsed.TotalSeconds;
            }
            await using (var scope = host.Services.CreateAsyncScope())
            {
                clock.Restart();
                second = await scope.ServiceProvider.GetRequiredService<CustomerUnification>().RunAsync(options.AsOf, ct);
                secondSeconds = clock.Elapsed.TotalSeconds;
            }

            await using var check = host.Services.CreateAsyncScope();
            var links = await check.ServiceProvider.GetRequiredService<ForecastDbContext>().CustomerMatchCandidates
                .Where(c => c.Decision == MatchDecision.AutoLinked)
                .Select(c => new { Account = c.CrmAccount!.SourceKey, Customer = c.ErpCustomer!.Code })
                .ToListAsync(ct);
            var truth = world.Accounts.ToDictionary(a => a.Id, a => a.Company.Customer?.Code);
            var correct = links.Count(l => truth[l.Account] == l.Customer);
            var trueLinks = truth.Count(t => t.Value is not null);
            var precision = links.Count == 0 ? 0 : correct / (double)links.Count;
            var recall = correct / (double)trueLinks;

            var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
            var rows = new List<(string Measure, string Value)>();
            void Row(string k, string v)
            {
                rows.Add((k, v));
                table.AddRow([k, v]);
            }
            string F(double x, string format = "0.0") => x.ToString(format, CultureInfo.InvariantCulture);
            Row("ERP customers / CRM accounts", $"{first.ErpCustomers:N0} / {first.CrmAccounts:N0}");
            Row("ERP customers with an alias", withEnglishNames ? "all with a name in both scripts" : "none");
            Row("true links (accounts of ERP customers)", trueLinks.ToString("N0", CultureInfo.InvariantCulture));
            Row("pairs scored after blocking", first.PairsScored.ToString("N0", CultureInfo.InvariantCulture));
            Row("pairs without blocking", ((long)first.ErpCustomers * first.CrmAccounts).ToString("N0", CultureInfo.InvariantCulture));
            Row("auto-links (correct)", $"{links.Count:N0} ({correct:N0})");
            Row("precision of auto-links", F(precision, "0.000"));
            Row("recall of auto-links", F(recall, "0.000"));
            Row("accounts in review (candidates)", $"{first.AccountsInReview:N0} ({first.CandidatesInReview:N0})");
            Row("open owner conflicts", first.OpenConflicts.ToString("N0", CultureInfo.InvariantCulture) + (withActivities ? "" : " (no activities loaded)"));
            Row("generate world, s", F(generateSeconds));
            Row("load into PostgreSQL (EF), s", F(seedSeconds));
            Row("unify, first run, s", F(firstSeconds));
            Row("unify, re-run, s (changes)", $"{F(secondSeconds)} ({second.Changes})");
            AnsiConsole.Write(table);

            var command = $"forecast-bench benchmark customer-matching --customers {options.Customers} --products {options.Products} --seed {options.Seed}"
                + (withActivities ? " --with-activities" : "") + (withEnglishNames ? " --erp-english-names" : "");
            var result = new Result(command, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture),
                $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", loadBefore, BenchDatabase.LoadAverage(), options.Seed, options.Customers, options.Products,
                withActivities, withEnglishNames, first.ErpCustomers, first.CrmAccounts, trueLinks, first.PairsScored, (long)first.ErpCustomers * first.CrmAccounts,
                links.Count, correct, Math.Round(precision, 4), Math.Round(recall, 4), first.AccountsInReview, first.CandidatesInReview, first.OpenConflicts,
                Math.Round(generateSeconds, 1), Math.Round(seedSeconds, 1), Math.Round(firstSeconds, 1), Math.Round(secondSeconds, 1), second.Changes);
            output.Create();
            var stem = Path.Combine(output.FullName, $"customer-matching-{options.Customers}x{options.Products}{(withEnglishNames ? "-english-names" : "")}");
            await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
            var markdown = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# Customer unification, {options.Customers:N0} ERP customers (seed {options.Seed})")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"`{command}`, run {result.RunUtc} on {result.Machine}; load average before/after {loadBefore} / {result.LoadAfter}.")
                .AppendLine()
                .AppendLine("| measure | value |")
                .AppendLine("|---|---|");
            foreach (var (measure, value) in rows)
                markdown.AppendLine(CultureInfo.InvariantCulture, $"| {measure} | {value} |");
            await File.WriteAllTextAsync(stem + ".md", markdown.ToString(), ct);
            AnsiConsole.MarkupLineInterpolated($"Wrote {stem}.json and .md");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The company's name in the script the ERP customer's name is not in (its English name for a Chinese-named customer),
    /// as an ERP export with a second name column carries it. Foreign companies have only an English name: no alias.
    /// </summary>
    private static async Task AddOtherScriptNamesAsync(ForecastDbContext db, DemoWorld.DemoWorld world, CancellationToken ct)
    {
        var other = world.Customers
            .Select(c => (c.Code, Alias: c.Name == c.Company.ChineseName ? c.Company.EnglishName : c.Company.ChineseName))
            .Where(c => c.Alias.Length > 0)
            .ToList();
        var codes = other.Select(c => c.Code).ToArray();
        var aliases = other.Select(c => c.Alias).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE erp.customers c SET aliases = ARRAY[v.alias]
            FROM unnest({codes}, {aliases}) AS v(code, alias)
            WHERE c.source_system = 'erp' AND c.source_key = v.code
            """, ct);
    }
}
