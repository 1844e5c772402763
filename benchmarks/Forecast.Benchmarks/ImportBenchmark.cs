using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.Cli;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark import</c>: generates an ERP export in the demo format with N order lines (plus the customers,
/// products and orders they need), then measures, in the same run and alternating, (a) <c>psql \copy</c> of the four
/// files into bare tables with no index or constraint, (b) <c>forecast import erp</c> of the same files into an empty
/// schema, (c) the same import again (nothing changes). Rows/s count every row of the four files.
/// </summary>
internal static class ImportBenchmark
{
    private const string Database = "forecast_bench_import";

    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Order lines to generate.", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<string>("--work") { Description = "Folder for the generated files.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "forecast-bench-import") };
        var repeat = new Option<int>("--repeat") { Description = "Rounds; the median of each measurement is reported.", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Write the results as JSON to this file." };
        var command = new Command("import", "Import speed: rows/s of `forecast import erp` next to psql \\copy of the same files into bare tables.");
        command.Options.Add(rows);
        command.Options.Add(work);
        command.Options.Add(repeat);
        command.Options.Add(output);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(rows), parse.GetValue(work)!, parse.GetValue(repeat), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(int lines, string work, int repeat, string? output, CancellationToken cancellationToken)
    {
        string serverConnection;
        using (var host = CliHost.Build())
            serverConnection = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
        var bench = new NpgsqlConnectionStringBuilder(serverConnection) { Database = Database };

        var folder = Path.Combine(work, "erp");
        var watch = Stopwatch.StartNew();
        var counts = Generate(folder, lines);
        var total = counts.Values.Sum();
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Generated {total:N0} rows ({string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}"))}) in {watch.Elapsed.TotalSeconds:N1} s in {folder}");

        await BenchDatabase.RecreateAsync(serverConnection, Database, cancellationToken);
        // The benchmark's own database, through the same composition root as `forecast import`.
        Environment.SetEnvironmentVariable("ConnectionStrings__Forecast", bench.ConnectionString);
        using var benchHost = CliHost.Build();
        await using (var scope = benchHost.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ForecastDbContext>().Database.MigrateAsync(cancellationToken);
        await BenchDatabase.ExecuteAsync(bench.ConnectionString, BareTablesSql, cancellationToken);

        var loadBefore = BenchDatabase.LoadAverage();
        var copy = new List<double>();
        var first = new List<double>();
        var again = new List<double>();
        ImportReport? lastFirst = null, lastAgain = null;
        for (var round = 1; round <= repeat; round++)
        {
            await BenchDatabase.ExecuteAsync(bench.ConnectionString, "TRUNCATE bench_raw.customer, bench_raw.item, bench_raw.so_header, bench_raw.so_line", cancellationToken);
            copy.Add(await PsqlCopyAsync(bench, folder, cancellationToken));
            await BenchDatabase.ExecuteAsync(bench.ConnectionString,
                "TRUNCATE erp.sales_order_lines, erp.sales_orders, erp.products, erp.customers RESTART IDENTITY CASCADE", cancellationToken);
            var (seconds, report) = await ImportAsync(benchHost, folder, cancellationToken);
            if (report.Inserted != total)
                throw new InvalidOperationException($"The first import inserted {report.Inserted} rows, not {total}.");
            first.Add(seconds);
            lastFirst = report;
            (seconds, report) = await ImportAsync(benchHost, folder, cancellationToken);
            if (report.Unchanged != total)
                throw new InvalidOperationException($"The re-import left {report.Unchanged} rows unchanged, not {total}.");
            again.Add(seconds);
            lastAgain = report;
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"round {round}: \\copy {copy[^1]:N2} s, import {first[^1]:N2} s, re-import {again[^1]:N2} s (load average {BenchDatabase.LoadAverage()})");
        }

        var copyMedian = Median(copy);
        var results = new[]
        {
            Result("psql \\copy into bare tables (no index, no constraint)", copyMedian, copy, total, copyMedian),
            Result("forecast import erp (empty schema: all inserted)", Median(first), first, total, copyMedian),
            Result("forecast import erp again (all unchanged)", Median(again), again, total, copyMedian),
        };
        var table = new Table().AddColumns("Method", "Rows", "Seconds (median)", "Rows/s", "vs \\copy");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Method), r.Rows.ToString("N0", CultureInfo.InvariantCulture), r.Seconds.ToString("N2", CultureInfo.InvariantCulture),
                r.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture), r.RelativeToCopy.ToString("P0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);

        var machine = new
        {
            cores = Environment.ProcessorCount,
            memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            loadAverageBefore = loadBefore,
            loadAverageAfter = BenchDatabase.LoadAverage(),
            postgres = await BenchDatabase.ScalarAsync(bench.ConnectionString, "SHOW server_version", cancellationToken),
            os = Environment.OSVersion.VersionString,
        };
        if (output is not null)
        {
            var json = JsonSerializer.Serialize(new { lines, repeat, rows = counts, results, machine, stepsOfLastImport = lastFirst?.Seconds, stepsOfLastReimport = lastAgain?.Seconds },
                new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
            await File.WriteAllTextAsync(output, json, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Results written to {output}");
        }
        await BenchDatabase.DropAsync(serverConnection, Database, cancellationToken);
        return 0;
    }

    private sealed record BenchmarkResult(string Method, long Rows, double Seconds, IReadOnlyList<double> Rounds, double RowsPerSecond, double RelativeToCopy);

    private static BenchmarkResult Result(string method, double seconds, List<double> rounds, long rows, double copySeconds) =>
        new(method, rows, Math.Round(seconds, 3), rounds.Select(r => Math.Round(r, 3)).ToList(), Math.Round(rows / seconds), Math.Round(copySeconds / seconds, 3));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<(double Seconds, ImportReport Report)> ImportAsync(Microsoft.Extensions.Hosting.IHost host, string folder, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ImportService>();
        var watch = Stopwatch.StartNew();
        var result = await importer.ImportAsync(ImportMappings.Load("demo-erp"), folder, null, cancellationToken);
        watch.Stop();
        if (result.Status != ImportStatus.Succeeded)
            throw new InvalidOperationException($"The benchmark import was {result.Status}: {result.Report.Errors.FirstOrDefault()}");
        return (watch.Elapsed.TotalSeconds, result.Report);
    }

    private static async Task<double> PsqlCopyAsync(NpgsqlConnectionStringBuilder bench, string folder, CancellationToken cancellationToken)
    {
        var script = new StringBuilder();
        foreach (var (table, file) in new[] { ("customer", "CUSTOMER.csv"), ("item", "ITEM.csv"), ("so_header", "SO_HEADER.csv"), ("so_line", "SO_LINE.csv") })
            script.AppendLine(CultureInfo.InvariantCulture, $"\\copy bench_raw.{table} FROM '{Path.Combine(folder, file)}' WITH (FORMAT csv, HEADER true)");
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList = { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", bench.Host!, "-p", bench.Port.ToString(CultureInfo.InvariantCulture), "-U", bench.Username!, "-d", Database },
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PGPASSWORD"] = bench.Password ?? "";
        var watch = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("psql is not installed: apt-get install postgresql-client (scripts/lib/postgres.sh installs it with the server).", ex);
        }
        using (process)
        {
            await process.StandardInput.WriteAsync(script, cancellationToken);
            process.StandardInput.Close();
            var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            watch.Stop();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"psql \\copy failed: {errors}");
        }
        return watch.Elapsed.TotalSeconds;
    }

    private const string BareTablesSql = """
        CREATE SCHEMA IF NOT EXISTS bench_raw;
        CREATE TABLE IF NOT EXISTS bench_raw.customer (cust_no text, cust_nm text, tax_id text, cntry text, lang text, pay_term text, credit_lmt numeric, email text);
        CREATE TABLE IF NOT EXISTS bench_raw.item (item_no text, item_desc text, family text, uom text, vendor text, lt_days integer, moq numeric, pack_qty numeric, std_cost numeric, list_price numeric);
        CREATE TABLE IF NOT EXISTS bench_raw.so_header (so_no text, cust_no text, so_date date, req_date date, status text, curr text);
        CREATE TABLE IF NOT EXISTS bench_raw.so_line (so_no text, line_no integer, item_no text, qty numeric, price numeric, rtn_flag text);
        """;

    /// <summary>A demo-format ERP export: about five lines per order, a few returns, deterministic (fixed seed).</summary>
    private static Dictionary<string, long> Generate(string folder, int lines)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(42);
        var customers = Math.Max(10, lines / 50);
        var products = Math.Max(10, lines / 200);
        var terms = new[] { "N30", "N60", "N90", "COD" };
        using (var w = Writer(folder, "CUSTOMER.csv"))
        {
            w.WriteLine("CUST_NO,CUST_NM,TAX_ID,CNTRY,LANG,PAY_TERM,CREDIT_LMT,EMAIL");
            for (var c = 1; c <= customers; c++)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C{c:D6},精密工業{c}股份有限公司,{10_000_000 + c},TW,zh-TW,{terms[c % 4]},{random.Next(1, 100) * 10_000},buyer{c}@example.com.tw"));
        }
        using (var w = Writer(folder, "ITEM.csv"))
        {
            w.WriteLine("ITEM_NO,ITEM_DESC,FAMILY,UOM,VENDOR,LT_DAYS,MOQ,PACK_QTY,STD_COST,LIST_PRICE");
            for (var p = 1; p <= products; p++)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"IT-{p:D6},\"Part {p}, type {p % 7}\",F{p % 12},PCS,Vendor {p % 40},{7 + p % 60},{p % 5 * 10},{1 + p % 3},{10 + p % 900}.25,{20 + p % 1500}.5"));
        }
        long orders = 0, written = 0;
        using (var header = Writer(folder, "SO_HEADER.csv"))
        using (var line = Writer(folder, "SO_LINE.csv"))
        {
            header.WriteLine("SO_NO,CUST_NO,SO_DATE,REQ_DATE,STATUS,CURR");
            line.WriteLine("SO_NO,LINE_NO,ITEM_NO,QTY,PRICE,RTN_FLAG");
            var statuses = new[] { "O", "S", "I", "I", "I", "X" };
            var start = new DateOnly(2022, 1, 1);
            while (written < lines)
            {
                orders++;
                var date = start.AddDays(random.Next(0, 1060));
                header.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"SO{orders:D8},C{random.Next(1, customers + 1):D6},{date:yyyy/MM/dd},{date.AddDays(14):yyyy/MM/dd},{statuses[random.Next(statuses.Length)]},TWD"));
                var count = (int)Math.Min(random.Next(1, 10), lines - written);
                for (var n = 1; n <= count; n++)
                {
                    var isReturn = random.Next(100) == 0;
                    var qty = random.Next(1, 500) * (isReturn ? -1 : 1);
                    line.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"SO{orders:D8},{n},IT-{random.Next(1, products + 1):D6},{qty},{random.Next(100, 100_000) / 100.0:0.00},{(isReturn ? "Y" : "N")}"));
                }
                written += count;
            }
        }
        return new Dictionary<string, long> { ["customers"] = customers, ["products"] = products, ["orders"] = orders, ["lines"] = written };
    }

    private static StreamWriter Writer(string folder, string name) =>
        new(Path.Combine(folder, name), append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
}
