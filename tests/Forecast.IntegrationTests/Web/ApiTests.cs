using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecast.Core.Access;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Web;

/// <summary>The JSON API on the demo world: the same numbers as the pages, problem details on errors, roles enforced.</summary>
public sealed class ApiTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    private async Task<HttpClient> ClientAsync(string role) => demo.App.CreateClient(await demo.App.IssueTokenAsync(role));

    [Fact]
    public async Task AtRisk_ListsProductsByStockoutRisk_WhenAskedByAPlanner()
    {
        using var client = await ClientAsync(Roles.Planner);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/planner/at-risk?take=1000");

        var risks = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("stockoutProbabilityWithinLeadTime").GetDouble()).ToList();
        Assert.Equal(demo.World.Products.Count, list.GetProperty("total").GetInt32());
        Assert.Equal(risks.Count, list.GetProperty("total").GetInt32());
        Assert.Equal(risks.OrderByDescending(r => r).ToList(), risks);
        Assert.All(risks, r => Assert.InRange(r, 0, 1));
    }

    [Fact]
    public async Task Pricing_TakesTheFloorFromTheCostInForce_WhenTheDemoProductsCostChanged()
    {
        using var client = await ClientAsync(Roles.Planner);
        var asOf = demo.World.Options.AsOf;
        // An open deal quoting a product whose cost has changed by the as-of date: its floor must come from that change.
        var (deal, line) = demo.World.Opportunities.Where(o => o.Outcome == Forecast.Core.Data.OpportunityOutcome.Open)
            .SelectMany(o => o.Lines.Select(l => (Deal: o, Line: l)))
            .First(x => demo.World.CostChanges.Any(c => c.Product == x.Line.Product && c.EffectiveOn <= asOf));
        var expected = demo.World.CostOn(line.Product, asOf);
        Assert.NotEqual(line.Product.StandardCost, expected);
        long dealId, lineId;
        await using (var db = demo.App.Database.CreateContext())
        {
            dealId = await db.Opportunities.Where(o => o.SourceKey == deal.Id).Select(o => o.Id).SingleAsync();
            lineId = await db.OpportunityLines.Where(l => l.SourceKey == line.Id).Select(l => l.Id).SingleAsync();
        }

        var pricing = await client.GetFromJsonAsync<JsonElement>($"/api/deals/{dealId}/pricing?asOf={asOf:yyyy-MM-dd}");

        var priced = pricing.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("lineId").GetInt64() == lineId);
        Assert.Equal(expected, priced.GetProperty("cost").GetProperty("unitCost").GetDecimal());
        var since = demo.World.CostChanges.Where(c => c.Product == line.Product && c.EffectiveOn <= asOf).Max(c => c.EffectiveOn);
        Assert.Equal(since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), priced.GetProperty("cost").GetProperty("since").GetString());
        Assert.True(priced.GetProperty("floor").GetDecimal() >= expected, "the floor is above the cost in force");
    }

    [Fact]
    public async Task Pricing_TakesTheLifetimeValueAsOfThePastDay_WhenAskedAsOfABygoneDate()
    {
        using var client = await ClientAsync(Roles.Planner);
        // An open deal of a customer with a lifetime value today; the day before its first order it had none.
        await using var db = demo.App.Database.CreateContext();
        var candidates = await (
                from o in db.Opportunities
                join link in db.CustomerAccountLinks on o.AccountId equals link.CrmAccountId
                join c in db.UnifiedCustomers on link.UnifiedCustomerId equals c.Id
                where o.Outcome == Forecast.Core.Data.OpportunityOutcome.Open && c.ErpCustomerId != null
                orderby o.Id
                select new { o.Id, FirstOrder = db.SalesOrders.Where(s => s.CustomerId == c.ErpCustomerId).Min(s => (DateOnly?)s.OrderDate) })
            .ToListAsync();
        foreach (var deal in candidates.Where(c => c.FirstOrder is not null))
        {
            var today = await client.GetFromJsonAsync<JsonElement>($"/api/deals/{deal.Id}/pricing");
            if (today.GetProperty("tier").GetProperty("lifetimeValue").ValueKind != JsonValueKind.Number)
                continue;
            var before = deal.FirstOrder!.Value.AddDays(-1);

            var then = await client.GetFromJsonAsync<JsonElement>($"/api/deals/{deal.Id}/pricing?asOf={before:yyyy-MM-dd}");

            Assert.Equal(before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), then.GetProperty("asOf").GetString());
            Assert.Equal(JsonValueKind.Null, then.GetProperty("tier").GetProperty("lifetimeValue").ValueKind);
            Assert.NotEqual("Key", then.GetProperty("tier").GetProperty("tier").GetString());
            return;
        }
        Assert.Fail("no open deal of a customer with a lifetime value today");
    }

    [Fact]
    public async Task AtRisk_KeepsOnlyTheFamily_WhenFilteredByFamily()
    {
        using var client = await ClientAsync(Roles.Planner);
        var filters = await client.GetFromJsonAsync<JsonElement>("/api/planner/filters");
        var family = filters.GetProperty("families")[0].GetString()!;

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/planner/at-risk?take=1000&family={Uri.EscapeDataString(family)}");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.True(items.Count < demo.World.Products.Count);
        Assert.All(items, i => Assert.Equal(family, i.GetProperty("family").GetString()));
    }

    [Fact]
    public async Task Product_ReturnsTheOutlookAndAccuracyInWords_WhenTheProductHasAPlan()
    {
        using var client = await ClientAsync(Roles.Planner);
        var top = await demo.TopAtRiskAsync();

        var product = await client.GetFromJsonAsync<JsonElement>($"/api/planner/products/{top.ProductId}");

        var outlook = product.GetProperty("outlook");
        Assert.Equal(top.Sku, outlook.GetProperty("projection").GetProperty("sku").GetString());
        Assert.NotEqual(0, outlook.GetProperty("demand").GetProperty("forecast").GetArrayLength());
        Assert.False(string.IsNullOrWhiteSpace(product.GetProperty("accuracySummary").GetString()));
    }

    [Fact]
    public async Task Chart_IsAnSvgWithTheForecastFans_WhenTheProductHasAPlan()
    {
        using var client = await ClientAsync(Roles.Planner);
        var top = await demo.TopAtRiskAsync();

        var response = await client.GetAsync($"/api/planner/products/{top.ProductId}/chart.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("band80", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_AnswersProblemDetails404_WhenTheProductIsUnknown()
    {
        using var client = await ClientAsync(Roles.Planner);

        var response = await client.GetAsync("/api/planner/products/987654321");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ShipDate_AnswersProblemDetails400_WhenTheQuantityIsNotPositive()
    {
        using var client = await ClientAsync(Roles.Planner);
        var top = await demo.TopAtRiskAsync();

        var response = await client.GetAsync($"/api/planner/products/{top.ProductId}/ship-date?quantity=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SuggestedOrdersCsv_HasOneRowPerSuggestedOrder_WithInvariantNumbers()
    {
        using var client = await ClientAsync(Roles.Planner);
        var json = await client.GetFromJsonAsync<JsonElement>("/api/planner/suggested-orders");
        var lines = json.GetProperty("lines").EnumerateArray().ToList();
        Assert.NotEmpty(lines);

        var response = await client.GetAsync("/api/planner/suggested-orders.csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Count + 1, rows.Length);
        Assert.Contains(lines[0].GetProperty("sku").GetString()!, rows[1], StringComparison.Ordinal);
        var quantity = lines[0].GetProperty("quantity").GetDecimal();
        Assert.Contains("," + quantity.ToString("0.####", CultureInfo.InvariantCulture) + ",", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminApi_ListsModelsRunsAndImports_ToAnAdmin_AndIsForbiddenToAPlanner()
    {
        using var admin = await ClientAsync(Roles.Admin);
        var models = await admin.GetFromJsonAsync<JsonElement>("/api/admin/models");
        Assert.NotEqual(0, models.GetArrayLength());
        var runs = await admin.GetFromJsonAsync<JsonElement>("/api/admin/pipeline-runs");
        Assert.Equal("Succeeded", runs[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/matches")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/owner-conflicts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/imports/987654321")).StatusCode);

        using var planner = await ClientAsync(Roles.Planner);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync("/api/admin/models")).StatusCode);
    }

    [Fact]
    public async Task Api_AnswersUnauthorized_WithoutCredentials()
    {
        using var client = demo.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/planner/at-risk")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task MatchDecision_IsRefused_WhenACookieCallerSendsNoAntiforgeryToken()
    {
        var login = demo.App.Logins[Roles.Admin];
        using var client = await SignedInClient.CreateAsync(demo.App, login.Email, login.Password);

        var response = await client.PostAsync("/api/admin/matches/987654321/accept", new StringContent("", Encoding.UTF8));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PushIngest_IsRefusedAndWritesNothing_WhenACookieCallerSendsNoAntiforgeryToken()
    {
        var login = demo.App.Logins[Roles.Admin];
        using var client = await SignedInClient.CreateAsync(demo.App, login.Email, login.Password);
        var body = new StringContent(
            """[{"key":"CSRF-1","name":"Forged Customer Co., Ltd."}]""", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/ingest/erp/customers", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await using var db = demo.App.Database.CreateContext();
        Assert.False(await db.ErpCustomers.AnyAsync(c => c.SourceKey == "CSRF-1"));
    }

    [Fact]
    public async Task MatchDecision_AnswersNotFound_WhenAnAdminTokenNamesAnUnknownCandidate()
    {
        using var admin = await ClientAsync(Roles.Admin);

        var response = await admin.PostAsync("/api/admin/matches/987654321/accept", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StartRun_AnswersBadRequest_WhenTheStageIsUnknown()
    {
        using var admin = await ClientAsync(Roles.Admin);

        var response = await admin.PostAsJsonAsync("/api/admin/pipeline-runs", new { stage = "no-such-stage" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("inventory", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryApiRouteWithASummary()
    {
        using var client = demo.App.CreateClient();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = doc.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();
        Assert.Contains(operations, o => o.Path == "/api/planner/at-risk");
        Assert.Contains(operations, o => o.Path == "/api/customers/{id}");
        Assert.All(operations.Where(o => !o.Path.StartsWith("/api/ingest", StringComparison.Ordinal)),
            o => Assert.True(o.Operation.TryGetProperty("summary", out _), $"{o.Method} {o.Path} has no summary"));
    }
}
