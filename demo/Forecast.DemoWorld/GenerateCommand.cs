using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Forecast.DemoWorld;

/// <summary><c>forecast-demo generate</c>: writes the demo company's ERP and CRM exports and their ground truth.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write erp/, crm/ and truth/ into (created if missing).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same files.", DefaultValueFactory = _ => 42 };
        var customers = new Option<int>("--customers") { Description = "ERP customers (CRM prospects come on top).", DefaultValueFactory = _ => 300 };
        var products = new Option<int>("--products") { Description = "Products in the catalogue.", DefaultValueFactory = _ => 200 };
        var years = new Option<int>("--years") { Description = "Years of history.", DefaultValueFactory = _ => 3 };
        var asOf = new Option<string>("--as-of") { Description = "The export date, yyyy-MM-dd (the last day with data).", DefaultValueFactory = _ => DemoWorldOptions.DefaultAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };

        var command = new Command("generate", "Generate the demo world: ERP and CRM CSV exports of a machine-parts company, with ground truth.")
        {
            output, seed, customers, products, years, asOf,
        };
        command.SetAction((parse, ct) =>
        {
            var asOfText = parse.GetValue(asOf)!;
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOfDate))
            {
                Console.Error.WriteLine($"--as-of '{asOfText}' is not a date: write it as yyyy-MM-dd, e.g. 2026-11-27.");
                return Task.FromResult(2);
            }
            var options = new DemoWorldOptions
            {
                Seed = parse.GetValue(seed),
                Customers = parse.GetValue(customers),
                Products = parse.GetValue(products),
                Years = parse.GetValue(years),
                AsOf = asOfDate,
            };
            return Task.FromResult(Run(options, parse.GetValue(output)!, ct));
        });
        return command;
    }

    private static int Run(DemoWorldOptions options, DirectoryInfo output, CancellationToken cancellationToken)
    {
        var invalid = options.Validate();
        if (invalid is not null)
        {
            Console.Error.WriteLine(invalid);
            return 2;
        }
        try
        {
            output.Create();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot create {output.FullName}: {e.Message}. Choose another --out folder.");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        DemoWorld? world = null;
        DemoWriteSummary? summary = null;
        try
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var build = ctx.AddTask("Master data");
                    world = DemoWorldGenerator.Generate(options, new Progress<string>(_ => build.Increment(25)));
                    build.Value = build.MaxValue;
                    var write = ctx.AddTask("Orders, invoices, activities", maxValue: world.Companies.Count);
                    summary = DemoWorldWriter.Write(world, output.FullName, new SyncProgress(p =>
                    {
                        write.Value = p.CompaniesDone;
                        write.Description = $"Orders, invoices, activities ({p.Rows:N0} rows)";
                    }), cancellationToken);
                    write.Value = write.MaxValue;
                });
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled: the folder holds partial files; run the command again to rewrite them.");
            return 130;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Writing to {output.FullName} failed: {e.Message}. Check free disk space and permissions, then run again.");
            return 1;
        }

        var table = new Table().AddColumn("file").AddColumn(new TableColumn("rows").RightAligned());
        foreach (var (file, rows) in summary!.RowsPerFile)
            table.AddRow(file, rows.ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        var prospects = world!.Prospects.Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {summary.TotalRows:N0} rows for {world.Customers.Count:N0} ERP customers, {prospects:N0} CRM prospects and {world.Products.Count:N0} products " +
            $"({options.Start:yyyy-MM-dd} to {options.AsOf:yyyy-MM-dd}, seed {options.Seed}) to {output.FullName} in {clock.Elapsed.TotalSeconds:0.0} s."));
        Console.WriteLine("Next: forecast import erp <out>/erp && forecast import crm <out>/crm && forecast customers unify");
        return 0;
    }

    /// <summary>Reports on the writer's thread: <see cref="Progress{T}"/> would post to the thread pool and lag behind.</summary>
    private sealed class SyncProgress(Action<DemoWriteProgress> report) : IProgress<DemoWriteProgress>
    {
        public void Report(DemoWriteProgress value) => report(value);
    }
}
