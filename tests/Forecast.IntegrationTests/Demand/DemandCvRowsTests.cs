using System.Globalization;
using System.Net;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Modeling.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using nietras.SeparatedValues;

namespace Forecast.IntegrationTests.Demand;

/// <summary>Issue 15: every demand run keeps the CV rows behind each product's model and backtest error, and they add up.</summary>
public sealed class DemandCvRowsTests(WebApp app) : IClassFixture<WebApp>, IAsyncLifetime
{
    // Sunday: forecasts start on Monday 2026-11-30.
    private static readonly DateOnly AsOf = new(2026, 11, 29);
    private static readonly DateOnly FirstWeek = new(2025, 3, 3);
    private static readonly DateOnly FirstForecastWeek = new(2026, 11, 30);
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Demand:Horizon"] = "6",
        ["Demand:Parallelism"] = "2",
        ["Demand:Granularity"] = "Week",
    };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "forecast-cv-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        await app.Database.ResetAsync();
        await app.SeedLoginsAsync();
        Directory.CreateDirectory(_directory);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private sealed record Seeded(long Steady, long Sparse);

    /// <summary>A product ordered every week (20 ± noise, rising slowly) and one ordered every fourth week.</summary>
    private async Task<Seeded> SeedAsync()
    {
        await using var db = app.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var customer = new ErpCustomer { SourceSystem = "erp", SourceKey = "C1", Code = "C1", Name = "大同精密", UpdatedAt = now };
        var steady = new Product { SourceSystem = "erp", SourceKey = "P1", Sku = "CV-1001", Name = "Bearing", UpdatedAt = now };
        var sparse = new Product { SourceSystem = "erp", SourceKey = "P2", Sku = "CV-1002", Name = "Spindle", UpdatedAt = now };
        db.AddRange(customer, steady, sparse);
        await db.SaveChangesAsync();
        var rng = new Random(15);
        var n = 0;
        SalesOrder Order(DateOnly date, long product, decimal quantity)
        {
            n++;
            var line = new SalesOrderLine { SourceSystem = "erp", SourceKey = $"SO{n}-1", LineNumber = 1, UpdatedAt = now, ProductId = product, Quantity = quantity, UnitPrice = 5 };
            return new SalesOrder { SourceSystem = "erp", SourceKey = $"SO{n}", OrderNumber = $"SO{n}", CustomerId = customer.Id, OrderDate = date, Status = SalesOrderStatus.Invoiced, UpdatedAt = now, Lines = [line] };
        }
        for (var week = 0; FirstWeek.AddDays(7 * week + 2) <= AsOf; week++)
        {
            var wednesday = FirstWeek.AddDays(7 * week + 2);
            db.SalesOrders.Add(Order(wednesday, steady.Id, 20 + week / 10 + rng.Next(-4, 5)));
            if (week % 4 == 1)
                db.SalesOrders.Add(Order(wednesday, sparse.Id, 2 + rng.Next(4)));
        }
        await db.SaveChangesAsync();
        return new Seeded(steady.Id, sparse.Id);
    }

    private async Task<long> RunDemandAsync()
    {
        var pipelineRun = await PipelineRunner.RunAsync(app.Database, AsOf, ["demand"], Clock, Settings);
        await using var db = app.Database.CreateContext();
        return await db.PredictionRuns.Where(r => r.PipelineRunId == pipelineRun.Id && r.Kind == DemandForecastJob.Kind).Select(r => r.Id).SingleAsync();
    }

    private async Task<DemandSeries> SeriesAsync(long productId)
    {
        await using var db = app.Database.CreateContext();
        return (await DemandSeriesBuilder.BuildAsync(db, [productId], AsOf, new DemandOptions { Granularity = DemandGranularity.Week }, default)).Single();
    }

    /// <summary>The figure the product page and API report for a product: its backtest MASE in units (MASE × the naive scale).</summary>
    private async Task<double> ReportedTypicalErrorAsync(long runId, long productId)
    {
        await using var db = app.Database.CreateContext();
        var mase = await db.DemandForecasts.Where(f => f.PredictionRunId == runId && f.ProductId == productId && f.Step == 1).Select(f => f.BacktestMase).SingleAsync();
        Assert.NotNull(mase);
        return DemandQueries.Accuracy(mase.Value, (await SeriesAsync(productId)).Quantities, DemandGranularity.Week)!.TypicalError;
    }

    private sealed record CsvLine(string Sku, DateOnly Ds, DateOnly Cutoff, double Y, Dictionary<string, string> Columns);

    private static List<CsvLine> Parse(string text)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(text);
        var header = reader.Header.ColNames;
        Assert.Equal(["unique_id", "ds", "cutoff", "y"], header.Take(4));
        Assert.Equal(["auto", "auto_model"], header.TakeLast(2));
        var lines = new List<CsvLine>();
        foreach (var row in reader)
        {
            var columns = new Dictionary<string, string>();
            foreach (var name in header.Skip(4))
                columns[name] = row[name].ToString();
            lines.Add(new CsvLine(row["unique_id"].ToString(), DateOnly.ParseExact(row["ds"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(row["cutoff"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture), double.Parse(row["y"].ToString(), CultureInfo.InvariantCulture),
                columns));
        }
        return lines;
    }

    /// <summary>The mean absolute error of the <c>auto</c> column: the outer split's forecasts.</summary>
    private static double AutoMae(IEnumerable<CsvLine> lines) =>
        lines.Where(l => l.Columns["auto"].Length > 0).Average(l => Math.Abs(l.Y - double.Parse(l.Columns["auto"], CultureInfo.InvariantCulture)));

    [Fact]
    public async Task DemandRun_KeepsCvRowsForEveryProduct_EachCutoffBeforeItsTargetAndTheActualFromTheSeries()
    {
        var seeded = await SeedAsync();
        var runId = await RunDemandAsync();

        await using var db = app.Database.CreateContext();
        var rows = await db.DemandCvRows.AsNoTracking().Where(r => r.PredictionRunId == runId).ToListAsync();
        foreach (var product in new[] { seeded.Steady, seeded.Sparse })
        {
            var own = rows.Where(r => r.ProductId == product).ToList();
            Assert.Contains(own, r => r.IsOuter);
            Assert.Contains(own, r => !r.IsOuter);
            var series = await SeriesAsync(product);
            Assert.All(own, r =>
            {
                Assert.True(r.Cutoff < r.Target, $"cutoff {r.Cutoff} not before target {r.Target}");
                Assert.Equal(r.Cutoff.AddDays(7 * r.Step), r.Target);
                Assert.True(r.Target < FirstForecastWeek, $"target {r.Target} is not in the history");
                Assert.Equal(series.Quantities[(r.Target.DayNumber - series.FirstPeriod.DayNumber) / 7], r.Actual);
            });
        }
        // The steady product is smooth (ETS and Theta), the sparse one intermittent (the Croston family among others).
        Assert.Equal(["ets", "theta"], rows.Where(r => r.ProductId == seeded.Steady && !r.IsOuter).Select(r => r.Candidate).Distinct().Order());
        Assert.Contains(rows, r => r.ProductId == seeded.Sparse && r.Candidate == "croston");
    }

    [Fact]
    public async Task DemandRun_KeepsNoCvRows_WhenPersistCvRowsIsOff()
    {
        await SeedAsync();
        await PipelineRunner.RunAsync(app.Database, AsOf, ["demand"], Clock, new Dictionary<string, string?>(Settings) { ["Demand:PersistCvRows"] = "false" });

        await using var db = app.Database.CreateContext();
        Assert.Equal(12, await db.DemandForecasts.CountAsync());
        Assert.False(await db.DemandCvRows.AnyAsync());
    }

    [Fact]
    public async Task RunAsync_LeavesOneSetOfCvRows_WhenAPartitionRunsTwice()
    {
        await SeedAsync();
        using var host = PipelineRunner.CreateHost(app.Database, Clock, Settings);
        long pipelineRunId;
        await using (var db = app.Database.CreateContext())
        {
            var run = new PipelineRun { AsOf = AsOf, Stages = ["demand"], Trigger = "test", StartedAt = Clock.GetUtcNow(), Status = RunStatus.Running };
            db.PipelineRuns.Add(run);
            await db.SaveChangesAsync();
            pipelineRunId = run.Id;
        }
        var context = new PipelineRunContext(pipelineRunId, AsOf);
        long runId;
        await using (var scope = host.Services.CreateAsyncScope())
            runId = await scope.ServiceProvider.GetRequiredService<DemandForecastJob>().RunAsync(context, 0, 1, default);
        int once;
        await using (var db = app.Database.CreateContext())
            once = await db.DemandCvRows.CountAsync(r => r.PredictionRunId == runId);
        Assert.True(once > 0);
        // A crash after the commit and a retry: the same partition of the same run, written again.
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemandForecastJob>().RunAsync(context, 0, 1, default);

        await using var check = app.Database.CreateContext();
        Assert.Equal(once, await check.DemandCvRows.CountAsync(r => r.PredictionRunId == runId));
        var distinct = await check.DemandCvRows.Where(r => r.PredictionRunId == runId)
            .Select(r => new { r.ProductId, r.Candidate, r.Cutoff, r.Step, r.IsOuter }).Distinct().CountAsync();
        Assert.Equal(once, distinct);
    }

    [Fact]
    public async Task CvCsv_FromTheApi_GivesEachProductsReportedBacktestError_AndRefusesUnknownRunsAndSkus()
    {
        var seeded = await SeedAsync();
        var runId = await RunDemandAsync();
        var login = app.Logins[Roles.Planner];
        using var client = await Web.SignedInClient.CreateAsync(app, login.Email, login.Password);

        using var response = await client.GetAsync($"/api/planner/demand/runs/{runId}/cv.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["CV-1001", "CV-1002"], lines.Select(l => l.Sku).Distinct().Order());
        foreach (var (product, sku) in new[] { (seeded.Steady, "CV-1001"), (seeded.Sparse, "CV-1002") })
            Assert.Equal(await ReportedTypicalErrorAsync(runId, product), AutoMae(lines.Where(l => l.Sku == sku)), 9);
        // Each line is one product, cutoff and target: statsforecast's long format, one column per candidate.
        Assert.Equal(lines.Count, lines.Select(l => (l.Sku, l.Cutoff, l.Ds)).Distinct().Count());
        Assert.All(lines.Where(l => l.Sku == "CV-1001"), l => Assert.True(l.Columns["ets"].Length > 0 && l.Columns["theta"].Length > 0));

        using var one = await client.GetAsync($"/api/planner/demand/runs/{runId}/cv.csv?product=CV-1002");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var sparse = Parse(await one.Content.ReadAsStringAsync());
        Assert.Equal(["CV-1002"], sparse.Select(l => l.Sku).Distinct());
        Assert.Equal(lines.Count(l => l.Sku == "CV-1002"), sparse.Count);

        using var latest = await client.GetAsync("/api/planner/demand/runs/latest/cv.csv?product=CV-1002");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal(sparse.Count, Parse(await latest.Content.ReadAsStringAsync()).Count);

        using var unknownSku = await client.GetAsync($"/api/planner/demand/runs/{runId}/cv.csv?product=NOPE-1");
        Assert.Equal(HttpStatusCode.BadRequest, unknownSku.StatusCode);
        Assert.Contains("product", await unknownSku.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknownRun = await client.GetAsync($"/api/planner/demand/runs/{runId + 1000}/cv.csv");
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
    }

    [Fact]
    public async Task DemandCvCommand_WritesTheSameCsv_WhoseAutoColumnGivesTheReportedBacktestError()
    {
        var seeded = await SeedAsync();
        var runId = await RunDemandAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Forecast"] = app.Database.ConnectionString, ["DOTNET_ENVIRONMENT"] = "Testing" };
        var path = Path.Combine(_directory, "cv.csv");

        var (exit, output) = await CliProcess.RunAsync(environment, CliTimeout, "demand", "cv", "--latest", "--product", "CV-1001", "--out", path);
        Assert.True(exit == 0, output);
        var lines = Parse(await File.ReadAllTextAsync(path));
        Assert.Equal(["CV-1001"], lines.Select(l => l.Sku).Distinct());
        Assert.Equal(await ReportedTypicalErrorAsync(runId, seeded.Steady), AutoMae(lines), 9);

        var (all, allOutput) = await CliProcess.RunAsync(environment, CliTimeout, "demand", "cv", "--run", runId.ToString(CultureInfo.InvariantCulture), "--out", path);
        Assert.True(all == 0, allOutput);
        Assert.Equal(["CV-1001", "CV-1002"], Parse(await File.ReadAllTextAsync(path)).Select(l => l.Sku).Distinct().Order());

        var (both, bothOutput) = await CliProcess.RunAsync(environment, CliTimeout, "demand", "cv", "--run", "1", "--latest", "--out", path);
        Assert.Equal(2, both);
        Assert.Contains("exactly one of --run", bothOutput, StringComparison.Ordinal);
        var (missing, missingOutput) = await CliProcess.RunAsync(environment, CliTimeout, "demand", "cv", "--run", (runId + 1000).ToString(CultureInfo.InvariantCulture), "--out", path);
        Assert.Equal(1, missing);
        Assert.Contains("No published demand run", missingOutput, StringComparison.Ordinal);
    }
}
