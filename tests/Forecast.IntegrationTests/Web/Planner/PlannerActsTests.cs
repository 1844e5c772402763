using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Demand;
using Forecast.Core.Inventory;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web.Planner;

/// <summary>
/// The planner acts in the app: edits a product's planning settings and overrides its forecast (pages in Chromium and
/// the JSON API), sees the projection use them at once and the next night too, is told plainly what is wrong with bad
/// input (and nothing changes), and sees whether past overrides beat the model. Each test works on its own product.
/// </summary>
public sealed class PlannerActsTests(PlannerActsWebApp fixture, Browser browser) : IClassFixture<PlannerActsWebApp>, IClassFixture<Browser>
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<IPage> PlannerPageAsync(string locale = "en-US", int width = 1400) =>
        fixture.PlannerPageAsync(browser, locale.StartsWith("zh", StringComparison.Ordinal) ? "zh-TW" : "en", width);

    private async Task<HttpClient> PlannerApiAsync() => fixture.App.CreateClient(await fixture.App.IssueTokenAsync(Roles.Planner));

    [Fact]
    public async Task Planner_EditsTheLeadTime_SeesItFlaggedAndUsed_AndResetsIt()
    {
        var id = fixture.Product(0);
        var before = await fixture.PlanAsync(id);
        var imported = before.LeadTimeDays;
        var longer = Math.Min(365, imported + 35);
        var page = await PlannerPageAsync();
        await page.GotoAsync($"/planner/products/{id}");
        Assert.Equal(0, await page.Locator("#setting-leadTimeDays .overridden").CountAsync());

        await page.FillAsync("#input-leadTimeDays", longer.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#settings-save");
        await page.WaitForURLAsync("**saved=settings**");

        Assert.Contains("recomputed", await page.InnerTextAsync("#saved"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#setting-leadTimeDays .overridden").IsVisibleAsync());
        Assert.Equal(imported.ToString(CultureInfo.InvariantCulture), (await page.InnerTextAsync("#setting-leadTimeDays .imported")).Trim());
        Assert.Equal(longer.ToString(CultureInfo.InvariantCulture), await page.InputValueAsync("#input-leadTimeDays"));
        Assert.Contains($"({longer} + ", await page.InnerTextAsync("#forecast-explained"), StringComparison.Ordinal);
        var after = await fixture.PlanAsync(id);
        Assert.Equal(longer, after.LeadTimeDays);
        Assert.Contains("Planner settings", after.MethodNotes, StringComparison.Ordinal);
        Assert.True(after.ReorderPoint >= before.ReorderPoint, $"a longer lead time lowered the reorder point: {before.ReorderPoint} → {after.ReorderPoint}");
        Assert.Contains("planner@test.local", await page.InnerTextAsync("#settings-changed"), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "planner-settings");

        await page.ClickAsync("#setting-leadTimeDays button.link");
        await page.WaitForURLAsync("**saved=reset**");

        Assert.Equal(0, await page.Locator("#setting-leadTimeDays .overridden").CountAsync());
        Assert.Equal(imported, (await fixture.PlanAsync(id)).LeadTimeDays);
        await using var db = fixture.App.Database.CreateContext();
        var changes = await db.Set<PlanningSettingChange>().Where(c => c.ProductId == id).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([(imported, longer, false), (longer, imported, true)], changes.Select(c => ((int)c.OldValue, (int)c.NewValue, c.Reset)));
        Assert.Null(await db.Set<ProductPlanningOverride>().SingleOrDefaultAsync(o => o.ProductId == id));
    }

    [Theory]
    [InlineData("en-US", "Lead time must be a whole number of days from 0 to 365.", "Service level must be a percentage from 50 to 99.9.")]
    [InlineData("zh-TW", "前置時間須為 0 到 365 的整數天數。", "服務水準須為 50 到 99.9 的百分比。")]
    public async Task Planner_IsToldWhatIsWrong_AndNothingChanges_WhenTheSettingsAreOutOfRange(string locale, string leadTimeMessage, string serviceLevelMessage)
    {
        var id = fixture.Product(1);
        var before = await fixture.PlanAsync(id);
        var page = await PlannerPageAsync(locale);
        await page.GotoAsync($"/planner/products/{id}");

        await page.FillAsync("#input-leadTimeDays", "400");
        await page.FillAsync("#input-serviceLevelPercent", "20");
        await page.FillAsync("#input-moq", "12");
        var response = await PostAsync(page, "#settings-save");

        Assert.Equal(400, response.Status);
        Assert.Equal(leadTimeMessage, await page.InnerTextAsync("#error-leadTimeDays"));
        Assert.Equal(serviceLevelMessage, await page.InnerTextAsync("#error-serviceLevelPercent"));
        Assert.Equal("400", await page.InputValueAsync("#input-leadTimeDays"));
        await Browser.ScreenshotAsync(page, $"planner-settings-refused-{locale}");
        await using var db = fixture.App.Database.CreateContext();
        Assert.False(await db.Set<ProductPlanningOverride>().AnyAsync(o => o.ProductId == id));
        Assert.False(await db.Set<PlanningSettingChange>().AnyAsync(c => c.ProductId == id));
        var after = await fixture.PlanAsync(id);
        Assert.Equal((before.Id, before.LeadTimeDays, before.MinimumOrderQuantity), (after.Id, after.LeadTimeDays, after.MinimumOrderQuantity));
    }

    [Fact]
    public async Task Planner_OverridesTheForecastByPercent_AndSeesItOnTheChartTheTableAndTheProjection()
    {
        var id = fixture.Product(2);
        var forecast = await fixture.ForecastAsync(id);
        var weeks = forecast.Skip(1).Take(3).ToList();
        var demandBefore = (await fixture.ProjectionAsync(id)).Where(p => weeks.Any(w => w.PeriodStart == p.PeriodStart)).Sum(p => p.MeanDemand);
        var page = await PlannerPageAsync();
        await page.GotoAsync($"/planner/products/{id}");
        Assert.Equal(0, await page.Locator(".chart-box svg .override").CountAsync());

        await page.SelectOptionAsync("#override-from", Iso(weeks[0].PeriodStart));
        await page.SelectOptionAsync("#override-to", Iso(weeks[^1].PeriodStart));
        await page.SelectOptionAsync("#override-kind", "Percent");
        await page.FillAsync("#override-value", "50");
        await page.FillAsync("#override-reason", "Trade fair promotion");
        await page.ClickAsync("#override-save");
        await page.WaitForURLAsync("**saved=override**");

        var rows = page.Locator("#override-table tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        for (var i = 0; i < 3; i++)
        {
            var row = rows.Nth(i);
            Assert.Equal(Iso(weeks[i].PeriodStart), await row.GetAttributeAsync("data-week"));
            Assert.Equal(Display(weeks[i].Mean), (await row.Locator("td.model").InnerTextAsync()).Trim());
            Assert.StartsWith(Display(weeks[i].Mean * 1.5), (await row.Locator("td.override").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.Contains("+50%", await row.Locator("td.override").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Trade fair promotion", await row.InnerTextAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(3, await page.Locator(".chart-box svg .override").CountAsync());
        await Browser.ScreenshotAsync(page, "planner-override");

        var demandAfter = (await fixture.ProjectionAsync(id)).Where(p => weeks.Any(w => w.PeriodStart == p.PeriodStart)).Sum(p => p.MeanDemand);
        Assert.Equal((double)demandBefore * 1.5, (double)demandAfter, 0.01 * (double)demandAfter + 0.01);
        await using var db = fixture.App.Database.CreateContext();
        var stored = await db.Set<ForecastOverride>().Where(o => o.ProductId == id).OrderBy(o => o.PeriodStart).ToListAsync();
        Assert.All(stored, o => Assert.Equal(("planner@test.local", ForecastOverrideKind.Percent, 50.0), (o.CreatedBy, o.Kind, o.Value)));
        Assert.Equal(weeks.Select(w => w.Mean * 1.5), stored.Select(o => o.OverrideMean));
    }

    [Fact]
    public async Task Planner_SeesTheValueAdded_OfOverridesOfPastWeeks()
    {
        var id = fixture.Product(3);
        var history = await fixture.HistoryAsync(id);
        var lastWeek = history.FirstPeriod.AddDays(7 * (history.Quantities.Length - 1));
        var actualHelped = history.Quantities[^2];
        var actualHurt = history.Quantities[^1];
        await using (var db = fixture.App.Database.CreateContext())
        {
            // Overrides made weeks ago for weeks that are now past: one closer to what happened than the model, one further.
            db.AddRange(
                new ForecastOverride { ProductId = id, PeriodStart = lastWeek.AddDays(-7), Kind = ForecastOverrideKind.Absolute, Value = actualHelped + 1, ModelMean = actualHelped + 8, OverrideMean = actualHelped + 1, Reason = "Customer told us", CreatedBy = "planner@test.local", CreatedAt = DateTimeOffset.UtcNow.AddDays(-30) },
                new ForecastOverride { ProductId = id, PeriodStart = lastWeek, Kind = ForecastOverrideKind.Absolute, Value = actualHurt + 6, ModelMean = actualHurt + 1, OverrideMean = actualHurt + 6, Reason = "Gut feeling", CreatedBy = "planner@test.local", CreatedAt = DateTimeOffset.UtcNow.AddDays(-30) });
            await db.SaveChangesAsync();
        }
        var page = await PlannerPageAsync();

        await page.GotoAsync($"/planner/products/{id}");

        Assert.Equal("helped", (await page.InnerTextAsync($"#override-table tr[data-week='{Iso(lastWeek.AddDays(-7))}'] td.fva span")).Trim());
        Assert.Equal("hurt", (await page.InnerTextAsync($"#override-table tr[data-week='{Iso(lastWeek)}'] td.fva span")).Trim());
        Assert.Equal(0, await page.Locator("#override-table .remove-override").CountAsync());
        Assert.Contains("helped in 1 and hurt in 1", await page.InnerTextAsync("#product-fva"), StringComparison.Ordinal);
        Assert.Contains(Display(4.5), await page.InnerTextAsync("#product-fva"), StringComparison.Ordinal);

        await page.ClickAsync("#product-fva a");
        await page.WaitForURLAsync("**/planner/overrides");
        Assert.True(await page.Locator("#fva-rows tbody tr").CountAsync() >= 2);
        Assert.Contains("Gut feeling", await page.InnerTextAsync("#fva-rows"), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "planner-value-added");

        using var client = await PlannerApiAsync();
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/planner/value-added?productId={id}");
        var summary = report.GetProperty("summary");
        Assert.Equal((2, 1, 1), (summary.GetProperty("periods").GetInt32(), summary.GetProperty("helped").GetInt32(), summary.GetProperty("hurt").GetInt32()));
        Assert.Equal(4.5, summary.GetProperty("modelMae").GetDouble(), 9);
        Assert.Equal(3.5, summary.GetProperty("overrideMae").GetDouble(), 9);
        Assert.Equal(1.0, summary.GetProperty("valueAdded").GetDouble(), 9);
    }

    [Fact]
    public async Task SettingsApi_RefusesBadInputWithTheFields_ChangesNothing_AndAppliesGoodInputAtOnce()
    {
        var id = fixture.Product(4);
        using var client = await PlannerApiAsync();

        var bad = await client.PostAsJsonAsync($"/api/planner/products/{id}/settings", new { leadTimeDays = 400, serviceLevelPercent = 97, moq = 0, packSize = 2.5 });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["leadTimeDays", "moq", "packSize"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var unchanged = await client.GetFromJsonAsync<JsonElement>($"/api/planner/products/{id}/settings");
        Assert.All(unchanged.GetProperty("settings").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("override").ValueKind));

        var good = await client.PostAsJsonAsync($"/api/planner/products/{id}/settings", new { serviceLevelPercent = 99, moq = 120, packSize = 12 });

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.True((await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recomputed").GetBoolean());
        var plan = await fixture.PlanAsync(id);
        Assert.Equal((0.99, 120m, 12m), (plan.CycleServiceLevel, plan.MinimumOrderQuantity, plan.PackSize));
        Assert.True(plan.SuggestedOrderQuantity == 0 || (plan.SuggestedOrderQuantity >= 120 && plan.SuggestedOrderQuantity % 12 == 0), $"suggested {plan.SuggestedOrderQuantity}");

        var reset = await client.PostAsJsonAsync($"/api/planner/products/{id}/settings/reset", new { settings = new[] { "Moq", "PackSize" } });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var after = await fixture.PlanAsync(id);
        Assert.Equal(0.99, after.CycleServiceLevel);
        Assert.NotEqual(120m, after.MinimumOrderQuantity);
    }

    [Fact]
    public async Task PlannerActionApi_IsRefusedToARep_AndChangesNothing()
    {
        var id = fixture.Product(4);
        using var rep = fixture.App.CreateClient(fixture.RepToken);

        var settings = await rep.PostAsJsonAsync($"/api/planner/products/{id}/settings", new { leadTimeDays = 1 });
        var overrides = await rep.PostAsJsonAsync($"/api/planner/products/{id}/overrides", new { from = "2026-12-07", kind = "Percent", value = 10, reason = "x" });
        var read = await rep.GetAsync($"/api/planner/products/{id}/overrides");
        var remove = await rep.DeleteAsync($"/api/planner/products/{id}/overrides/2026-12-07");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { settings.StatusCode, overrides.StatusCode, read.StatusCode, remove.StatusCode });
        await using var db = fixture.App.Database.CreateContext();
        Assert.False(await db.Set<PlanningSettingChange>().AnyAsync(c => c.ProductId == id && c.Setting == PlanningSetting.LeadTime));
    }

    [Fact]
    public async Task OverridesApi_RefusesWeeksOffTheForecastAndBadValues_ThenAbsoluteOverridesDriveTheProjection()
    {
        var id = fixture.Product(5);
        var forecast = await fixture.ForecastAsync(id);
        using var client = await PlannerApiAsync();
        var week = forecast[2].PeriodStart;

        var tuesday = await client.PostAsJsonAsync($"/api/planner/products/{id}/overrides", new { from = Iso(week.AddDays(1)), kind = "Percent", value = 10, reason = "promo" });
        var tooLow = await client.PostAsJsonAsync($"/api/planner/products/{id}/overrides", new { from = Iso(week), kind = "Percent", value = -150, reason = "" });
        var beyond = await client.PostAsJsonAsync($"/api/planner/products/{id}/overrides", new { from = Iso(week), to = Iso(forecast[^1].PeriodStart.AddDays(7)), kind = "Absolute", value = 5, reason = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, tuesday.StatusCode);
        Assert.Contains("Monday", (await tuesday.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("from")[0].GetString(), StringComparison.Ordinal);
        var errors = (await tooLow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["reason", "value"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Contains("current forecast", await beyond.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = fixture.App.Database.CreateContext())
            Assert.False(await db.Set<ForecastOverride>().AnyAsync(o => o.ProductId == id));

        var set = await client.PostAsJsonAsync($"/api/planner/products/{id}/overrides",
            new { from = Iso(week), to = Iso(week.AddDays(7)), kind = "Absolute", value = 0, reason = "Customer plant shut for maintenance" });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var projection = await fixture.ProjectionAsync(id);
        Assert.All(projection.Where(p => p.PeriodStart == week || p.PeriodStart == week.AddDays(7)), p => Assert.Equal(0m, p.MeanDemand));
        Assert.Contains(projection, p => p.PeriodStart == week.AddDays(14) && p.MeanDemand > 0);

        var removed = await client.DeleteAsync($"/api/planner/products/{id}/overrides/{Iso(week)}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var left = (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("overrides");
        Assert.Equal([Iso(week.AddDays(7))], left.EnumerateArray().Select(o => o.GetProperty("periodStart").GetString()));
        Assert.True((await fixture.ProjectionAsync(id)).Single(p => p.PeriodStart == week).MeanDemand > 0);
    }

    [Fact]
    public async Task NextInventoryRun_UsesTheSettingsAndOverrides_KeptPerProductAndWeek()
    {
        var id = fixture.Product(6);
        var forecast = await fixture.ForecastAsync(id);
        var week = forecast[3].PeriodStart;
        await using (var db = fixture.App.Database.CreateContext())
        {
            // Written straight to the tables, as a planner left them yesterday: no re-plan has run since.
            db.Add(new ProductPlanningOverride { ProductId = id, LeadTimeDays = 45, ChangedBy = "planner@test.local", ChangedAt = DateTimeOffset.UtcNow });
            db.Add(new ForecastOverride { ProductId = id, PeriodStart = week, Kind = ForecastOverrideKind.Absolute, Value = 1000, ModelMean = forecast[3].Mean, OverrideMean = 1000, Reason = "Tender won", CreatedBy = "planner@test.local", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        Assert.NotEqual(45, (await fixture.PlanAsync(id)).LeadTimeDays);

        var run = await PipelineRunner.RunAsync(fixture.App.Database, fixture.World.Options.AsOf, ["inventory"]);

        Assert.Equal(Forecast.Core.ModelStore.RunStatus.Succeeded, run.Status);
        Assert.Equal(45, (await fixture.PlanAsync(id)).LeadTimeDays);
        Assert.Equal(1000m, (await fixture.ProjectionAsync(id)).Single(p => p.PeriodStart == week).MeanDemand);
    }

    [Fact]
    public async Task Planner_ApprovesTheSuggestedOrderOnce_SeesItInTheProposals_AndExportsThemAsCsv()
    {
        var id = fixture.ProductToOrder;
        var plan = await fixture.PlanAsync(id);
        var page = await PlannerPageAsync();
        await page.GotoAsync($"/planner/products/{id}");
        Assert.Equal(plan.SuggestedOrderQuantity.ToString("0", CultureInfo.InvariantCulture), await page.InputValueAsync("#approve-quantity"));

        await page.FillAsync("#approve-quantity", "2.5");
        var refused = await PostAsync(page, "#approve");
        Assert.Equal(400, refused.Status);
        Assert.Equal("The quantity must be a positive whole number.", await page.InnerTextAsync("#error-quantity"));
        await using (var db = fixture.App.Database.CreateContext())
            Assert.False(await db.Set<PurchaseProposal>().AnyAsync(p => p.ProductId == id));

        await page.FillAsync("#approve-quantity", plan.SuggestedOrderQuantity.ToString("0", CultureInfo.InvariantCulture));
        await page.ClickAsync("#approve");
        await page.WaitForURLAsync("**saved=approved**");

        Assert.Contains("planner@test.local", await page.InnerTextAsync("#proposal-approved"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#approve").CountAsync());
        using var client = await PlannerApiAsync();
        var again = await client.PostAsJsonAsync($"/api/planner/products/{id}/proposal", new { });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetBoolean());
        await using (var db = fixture.App.Database.CreateContext())
        {
            var stored = Assert.Single(await db.Set<PurchaseProposal>().Where(p => p.ProductId == id).ToListAsync());
            Assert.Equal((plan.SuggestedOrderQuantity, "planner@test.local", plan.AsOf), (stored.Quantity, stored.ApprovedBy, stored.PlanAsOf));
        }

        await page.ClickAsync("#proposal-approved a");
        await page.WaitForURLAsync("**/planner/proposals");
        var sku = (await page.InnerTextAsync("#proposals tbody")).Trim();
        Assert.False(string.IsNullOrEmpty(sku));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#proposals-csv"));
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("proposal_key,supplier,sku,quantity", csv[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        var line = Assert.Single(csv.Skip(1), l => l.Contains($",{plan.SuggestedOrderQuantity.ToString("0", CultureInfo.InvariantCulture)},", StringComparison.Ordinal));
        Assert.Contains(Iso(plan.AsOf), line, StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "planner-proposals");
    }

    [Theory]
    [InlineData("en-US", 375)]
    [InlineData("zh-TW", 375)]
    [InlineData("en-US", 1400)]
    [InlineData("zh-TW", 1400)]
    public async Task PlannerActPages_FitTheWindow_WithSettingsOverridesAndErrorsShown(string locale, int width)
    {
        var id = fixture.Product(7);
        var forecast = await fixture.ForecastAsync(id);
        var history = await fixture.HistoryAsync(id);
        await using (var db = fixture.App.Database.CreateContext())
        {
            if (!await db.Set<ForecastOverride>().AnyAsync(o => o.ProductId == id))
            {
                db.Add(new ProductPlanningOverride { ProductId = id, LeadTimeDays = 30, Moq = 500, ChangedBy = "planner@test.local", ChangedAt = DateTimeOffset.UtcNow });
                db.Add(new ForecastOverride { ProductId = id, PeriodStart = forecast[1].PeriodStart, Kind = ForecastOverrideKind.Percent, Value = 25, ModelMean = forecast[1].Mean, OverrideMean = forecast[1].Mean * 1.25, Reason = "A long reason about a promotion the key account announced at the trade fair", CreatedBy = "planner@test.local", CreatedAt = DateTimeOffset.UtcNow });
                db.Add(new ForecastOverride { ProductId = id, PeriodStart = history.FirstPeriod.AddDays(7 * (history.Quantities.Length - 1)), Kind = ForecastOverrideKind.Absolute, Value = 3, ModelMean = 5, OverrideMean = 3, Reason = "past", CreatedBy = "planner@test.local", CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }
        }
        var page = await PlannerPageAsync(locale, width);
        var tooWide = new List<string>();

        await page.GotoAsync($"/planner/products/{id}");
        await page.FillAsync("#input-leadTimeDays", "-1");
        await page.FillAsync("#override-value", "abc");
        await CheckWidthAsync(page, "product", width, tooWide);
        await PostAsync(page, "#settings-save");
        Assert.True(await page.IsVisibleAsync("#error-leadTimeDays"));
        await CheckWidthAsync(page, "settings refused", width, tooWide);
        await PostAsync(page, "#override-save");
        Assert.True(await page.IsVisibleAsync("#error-value"));
        await CheckWidthAsync(page, "override refused", width, tooWide);
        await page.GotoAsync("/planner/overrides");
        await CheckWidthAsync(page, "value added", width, tooWide);
        await page.GotoAsync("/planner/proposals");
        await CheckWidthAsync(page, "proposals", width, tooWide);
        if (locale == "zh-TW")
            Assert.DoesNotContain("Forecast value added", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        Assert.True(tooWide.Count == 0, "pages wider than the window: " + string.Join("; ", tooWide));
    }

    /// <summary>Submits the form of <paramref name="button"/> and waits for the page the post answers with.</summary>
    private static async Task<IResponse> PostAsync(IPage page, string button)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), r => r.Request.Method == "POST" && r.Request.IsNavigationRequest);
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return response;
    }

    private static async Task CheckWidthAsync(IPage page, string name, int width, List<string> tooWide)
    {
        Assert.Equal(width, await page.EvaluateAsync<int>("window.innerWidth"));
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        if (scrollWidth > width)
        {
            tooWide.Add($"{name} at {width} px is {scrollWidth} px");
            await Browser.ScreenshotAsync(page, $"too-wide-planner-acts-{width}-{name.Replace(' ', '-')}");
        }
    }

    /// <summary>A quantity as the English pages print it.</summary>
    private static string Display(double value) => Forecast.Web.Display.Quantity((decimal)Math.Round(value, 1)) is var s ? s : "";
}
