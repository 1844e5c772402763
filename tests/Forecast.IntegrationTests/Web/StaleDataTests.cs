using System.Net;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// The web app on a clock the tests move, over one finished nightly run as of <see cref="AsOf"/> (a pipeline run, an
/// inventory run with one product whose order-by date is 3 days later, and a succeeded import), and a rep.
/// </summary>
public sealed class StaleDataWorld : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 28);
    // Ahead of the data's day, behind the clock nine days later: the "Order by 12/1" a planner would read on December 7.
    public static readonly DateOnly OrderBy = AsOf.AddDays(3);

    // 02:00 in Taipei on the as-of day; tests set the clock they need.
    public MovableClock Clock { get; } = new() { UtcNow = new DateTimeOffset(AsOf.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToUniversalTime() };
    public WebApp App { get; } = new();
    public long RepId { get; private set; }

    public async Task InitializeAsync()
    {
        App.UseClock(Clock);
        await App.InitializeAsync();
        await using var db = App.Database.CreateContext();
        var finished = new DateTimeOffset(AsOf.ToDateTime(new TimeOnly(3, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        db.ImportRuns.Add(new ImportRun { System = "erp", Source = "drop/erp", StartedAt = finished.AddMinutes(-50), FinishedAt = finished.AddMinutes(-40), Status = ImportStatus.Succeeded });
        var pipeline = new PipelineRun { AsOf = AsOf, AsOfFromData = true, Stages = ["inventory"], Trigger = "test", StartedAt = finished.AddMinutes(-30), FinishedAt = finished, Status = RunStatus.Succeeded };
        db.PipelineRuns.Add(pipeline);
        var product = new Product { SourceSystem = "erp", SourceKey = "SKU-STALE", Sku = "SKU-STALE", Name = "Stale widget", Unit = "PCS", LeadTimeDays = 10, UpdatedAt = finished };
        db.Products.Add(product);
        var rep = new Rep { SourceSystem = "crm", SourceKey = "rep-stale", Name = "Rep Stale", Email = "rep-stale@test.local", UpdatedAt = finished };
        db.Reps.Add(rep);
        await db.SaveChangesAsync();
        var run = new PredictionRun { Kind = InventoryStage.RunKind, AsOf = AsOf, PipelineRunId = pipeline.Id, StartedAt = finished.AddMinutes(-10), FinishedAt = finished, Status = RunStatus.Succeeded, Items = 1 };
        db.PredictionRuns.Add(run);
        await db.SaveChangesAsync();
        db.InventoryPlans.Add(new InventoryPlan
        {
            PredictionRunId = run.Id, ProductId = product.Id, AsOf = AsOf, OnHand = 3, StockoutProbabilityWithinLeadTime = 0.7,
            SuggestedOrderQuantity = 40, OrderByDate = OrderBy, LeadTimeDays = 10, ReviewPeriodDays = 7, MinimumOrderQuantity = 1, PackSize = 1, CycleServiceLevel = 0.95,
        });
        await db.SaveChangesAsync();
        RepId = rep.Id;
    }

    /// <summary>Sets the clock to 02:00 Taipei time, <paramref name="days"/> after the as-of date.</summary>
    public void ClockDaysAfterAsOf(int days) =>
        Clock.UtcNow = (new DateTimeOffset(AsOf.AddDays(days).ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToUniversalTime());

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>A clock a test sets to any instant, earlier ones too (FakeTimeProvider only moves forward).</summary>
public sealed class MovableClock : TimeProvider
{
    public DateTimeOffset UtcNow { get; set; }

    public override DateTimeOffset GetUtcNow() => UtcNow;
}

/// <summary>
/// Pages over data well behind today say so: "Order by 11/27" nine days after the data looked actionable. The tests move
/// the clock, so they run one after another (one collection per class; xunit runs a class's tests in sequence).
/// </summary>
public sealed class StaleDataTests(StaleDataWorld world) : IClassFixture<StaleDataWorld>
{
    private const string BannerEn = "Data as of 2026-11-28 — 9 days old; the last import was 2026-11-28 02:20 (Asia/Taipei); dates before today (2026-12-07) are past.";
    private const string BannerZh = "資料日期為 2026-11-28，已是 9 天前的資料；最近一次匯入於 2026-11-28 02:20 (Asia/Taipei)；早於今天（2026-12-07）的日期都已過去。";

    [Theory]
    [InlineData("/planner", "en", BannerEn)]
    [InlineData("/planner", "zh-TW", BannerZh)]
    [InlineData("/reps/customers", "en", BannerEn)]
    [InlineData("/reps/customers", "zh-TW", BannerZh)]
    [InlineData("/admin", "en", BannerEn)]
    [InlineData("/reps/reminders", "zh-TW", BannerZh)]
    public async Task Banner_SaysHowOldTheDataIs_WhenTheClockIsNineDaysAfterIt(string path, string culture, string banner)
    {
        world.ClockDaysAfterAsOf(9);

        var html = await GetAsync(path, culture, Roles.Admin);

        Assert.Contains("id=\"stale-data\"", html, StringComparison.Ordinal);
        Assert.Contains(banner, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/planner", 0)]
    [InlineData("/reps/customers", 0)]
    [InlineData("/admin", 0)]
    // Within the threshold (Web:StaleAfterDays, 2): a weekend without imports is normal.
    [InlineData("/planner", 2)]
    public async Task Banner_IsAbsent_WhenTheDataIsFresh(string path, int days)
    {
        world.ClockDaysAfterAsOf(days);

        var html = await GetAsync(path, "en", Roles.Admin);

        Assert.DoesNotContain("stale-data", html, StringComparison.Ordinal);
        Assert.Contains("Forecast", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlannerList_MarksAnOrderByDateBeforeToday_AsPassed()
    {
        world.ClockDaysAfterAsOf(9);
        var stale = await GetAsync("/planner", "en", Roles.Planner);
        world.ClockDaysAfterAsOf(0);
        var fresh = await GetAsync("/planner", "en", Roles.Planner);

        Assert.Contains("<td class=\"overdue\"", stale, StringComparison.Ordinal);
        Assert.Contains("12/1/2026 <strong>date passed</strong>", stale, StringComparison.Ordinal);
        Assert.DoesNotContain("date passed", fresh, StringComparison.Ordinal);
        Assert.Contains("<td>12/1/2026</td>", fresh, StringComparison.Ordinal);
    }

    private async Task<string> GetAsync(string path, string culture, string role)
    {
        using var client = world.App.CreateClient(await world.App.IssueTokenAsync(role));
        using var response = await client.GetAsync($"{path}?culture={culture}&ui-culture={culture}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}

/// <summary>
/// <c>/reps/reminders</c> is titled for what it lists: a rep's own reminders are "My reminders"; a planner or an admin sees
/// every rep's (with the rep filter and column), so the page and the menu say "All reminders".
/// </summary>
public sealed class RemindersTitleTests(StaleDataWorld world) : IClassFixture<StaleDataWorld>
{
    [Theory]
    [InlineData("Admin", "en", "All reminders")]
    [InlineData("Admin", "zh-TW", "所有提醒")]
    [InlineData("Planner", "en", "All reminders")]
    [InlineData("Planner", "zh-TW", "所有提醒")]
    [InlineData("Rep", "en", "My reminders")]
    [InlineData("Rep", "zh-TW", "我的提醒")]
    public async Task Title_SaysWhoseRemindersAreListed(string role, string culture, string title)
    {
        var token = role == Roles.Rep ? await world.App.IssueTokenAsync(Roles.Rep, world.RepId) : await world.App.IssueTokenAsync(role);
        using var client = world.App.CreateClient(token);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/reps/reminders?culture={culture}&ui-culture={culture}"));

        Assert.Contains($"<h1 id=\"reminders-title\">{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{title} · Forecast</title>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/reps/reminders\">{title}</a>", html, StringComparison.Ordinal);
        Assert.Equal(role != Roles.Rep, html.Contains("id=\"filter-rep\"", StringComparison.Ordinal));
    }
}
