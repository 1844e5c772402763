using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Forecast.Web.Ingest;
using Forecast.Core.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>The JSON push path, through the real web host pointed at this class's database.</summary>
public sealed class PushEndpointTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);
    // "Program" is ambiguous here (the CLI's top-level Program is visible to the tests too); any public type of the
    // web assembly tells the factory which entry point to start.
    private WebApplicationFactory<PushResult>? _factory;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _factory = new WebApplicationFactory<PushResult>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Forecast", database.ConnectionString);
            web.UseSetting("Schedule:RunWorkerInWeb", "false");
        });
        _client = _factory.CreateClient();
        await using var scope = _factory.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync("erp-push", Roles.Admin, null, default);
        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
    }

    [Fact]
    public async Task Post_Answers401_WithoutAnApiToken()
    {
        using var anonymous = _factory!.CreateClient();
        var response = await anonymous.PostAsync("/api/ingest/erp/customers", new StringContent("[]", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        _kit.Dispose();
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Post_Answers200WithCounts_AndUpsertsByKey_WhenTheRecordsAreValid()
    {
        var customers = """
            [ { "key": "C0001", "name": "大同精密工業股份有限公司", "paymentTermsDays": 30, "creditLimit": 500000.5 },
              { "key": "C0002", "name": "Acme Tools Inc.", "country": "US" } ]
            """;
        var first = await PostAsync("/api/ingest/erp/customers", customers);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var counts = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, counts.GetProperty("inserted").GetInt64());

        var orders = await PostAsync("/api/ingest/erp/sales-orders", """
            [ { "key": "SO1", "customer": "C0001", "orderDate": "2024-05-02", "status": "shipped", "currency": "TWD" } ]
            """);
        Assert.Equal(HttpStatusCode.OK, orders.StatusCode);

        var again = await PostAsync("/api/ingest/erp/customers", customers);
        var unchanged = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 2), (unchanged.GetProperty("inserted").GetInt64(), unchanged.GetProperty("updated").GetInt64(), unchanged.GetProperty("unchanged").GetInt64()));

        Assert.Equal([["C0001", "大同精密工業股份有限公司", 30, 500000.5m, "erp"]], await _kit.RowsAsync(
            "SELECT code, name, payment_terms_days, credit_limit, source_system FROM erp.customers WHERE source_key = 'C0001'"));
        Assert.Equal([["SO1", "C0001", new DateOnly(2024, 5, 2), "Shipped"]], await _kit.RowsAsync("""
            SELECT o.order_number, c.code, o.order_date, o.status FROM erp.sales_orders o JOIN erp.customers c ON c.id = o.customer_id
            """));
    }

    [Fact]
    public async Task Post_Answers400WithEachBadRecord_AndChangesNothing_WhenAnyRecordIsInvalid()
    {
        await PostAsync("/api/ingest/erp/customers", """[ { "key": "C0001", "name": "Acme" } ]""");
        var before = await _kit.SnapshotAsync();

        var response = await PostAsync("/api/ingest/erp/sales-orders", """
            [ { "key": "SO1", "customer": "C0001", "orderDate": "2024-05-02" },
              { "key": "SO2", "customer": "C0404", "orderDate": "2024-05-03" },
              { "key": "SO3", "customer": "C0001", "orderDate": "03.05.2024", "colour": "red" },
              { "key": "SO1", "customer": "C0001", "orderDate": "2024-05-04" } ]
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, problem.GetProperty("errorCount").GetInt64());
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("record").GetInt64(), e.GetProperty("field").GetString(), e.GetProperty("value").GetString(), e.GetProperty("reason").GetString()!))
            .ToList();
        Assert.Contains(errors, e => e.Item1 == 2 && e.Item2 == "customer" && e.Item3 == "C0404" && e.Item4.Contains("unknown customer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == 3 && e.Item2 == "orderDate" && e.Item3 == "03.05.2024" && e.Item4.Contains("not a date", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == 3 && e.Item2 == "colour" && e.Item4.Contains("has no field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == 4 && e.Item2 == "key" && e.Item3 == "SO1" && e.Item4.Contains("duplicate key", StringComparison.Ordinal));
        Assert.Equal(before, await _kit.SnapshotAsync());
        Assert.Equal("Rejected", await _kit.ScalarAsync<string>($"SELECT status FROM ingest.import_runs WHERE id = {problem.GetProperty("runId").GetInt64()}"));
    }

    [Fact]
    public async Task Post_ResolvesAReferenceInAnotherSourceSystem_WhenTheRecordGivesItAsAnObject()
    {
        await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"));
        await _kit.ImportAsync("demo-crm", IngestTestKit.Fixture("demo", "crm"));

        var response = await PostAsync("/api/ingest/crm/opportunity-lines", """
            [ { "key": "OL99", "opportunity": "OP01", "product": { "system": "erp", "key": "CN-1002" }, "quantity": 5 } ]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN-1002", await _kit.ScalarAsync<string>(
            "SELECT p.sku FROM crm.opportunity_lines l JOIN erp.products p ON p.id = l.product_id WHERE l.source_key = 'OL99'"));
    }

    [Fact]
    public async Task Post_StoresACustomersAliases_WhenARecordGivesAnArrayOfNames()
    {
        var customers = """
            [ { "key": "C0001", "name": "台灣精密螺絲股份有限公司", "aliases": ["Taiwan Precision Screw Co., Ltd.", "", "TPS", "TPS"] },
              { "key": "C0002", "name": "Acme Tools Inc.", "aliases": "Acme" },
              { "key": "C0003", "name": "永進機械工業股份有限公司", "aliases": null } ]
            """;

        var first = await PostAsync("/api/ingest/erp/customers", customers);
        var again = await PostAsync("/api/ingest/erp/customers", customers);
        // A record without the field leaves the stored aliases alone, as any field a push leaves out.
        var renamed = await PostAsync("/api/ingest/erp/customers", """[ { "key": "C0001", "name": "台灣精密螺絲工業股份有限公司" } ]""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var unchanged = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 3), (unchanged.GetProperty("inserted").GetInt64(), unchanged.GetProperty("updated").GetInt64(), unchanged.GetProperty("unchanged").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var aliases = (await _kit.RowsAsync("SELECT source_key, aliases FROM erp.customers")).ToDictionary(r => (string)r[0]!, r => (string[])r[1]!);
        Assert.Equal(["Taiwan Precision Screw Co., Ltd.", "TPS"], aliases["C0001"]);
        Assert.Equal(["Acme"], aliases["C0002"]);
        Assert.Empty(aliases["C0003"]);
    }

    [Fact]
    public async Task Post_Answers400AndChangesNothing_WhenAliasesAreNotAnArrayOfStrings()
    {
        var response = await PostAsync("/api/ingest/erp/customers", """
            [ { "key": "C0001", "name": "Acme Tools Inc.", "aliases": ["Acme", 42] },
              { "key": "C0002", "name": "Lin Machining", "aliases": { "en": "Lin" } } ]
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("record").GetInt64(), e.GetProperty("field").GetString(), e.GetProperty("reason").GetString()))
            .ToList();
        Assert.Equal([(1L, "aliases", "expected an array of strings (or one string)"), (2L, "aliases", "expected an array of strings (or one string)")], errors);
        Assert.Equal(0L, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.customers"));
    }

    [Fact]
    public async Task Post_StoresAnAccountsWebsite_WhenTheRecordGivesOne()
    {
        var response = await PostAsync("/api/ingest/crm/accounts", """
            [ { "key": "ACC-1", "name": "Taiwan Precision Screw", "website": "https://www.twps.com.tw/en/" } ]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://www.twps.com.tw/en/", await _kit.ScalarAsync<string>("SELECT website FROM crm.accounts WHERE source_key = 'ACC-1'"));
    }

    [Fact]
    public async Task Post_Answers404_WhenTheEntityIsNotOneOfTheSystems()
    {
        var response = await PostAsync("/api/ingest/crm/sales-orders", "[]");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_Answers400_WhenARequiredFieldIsMissingFromEveryRecord()
    {
        var response = await PostAsync("/api/ingest/erp/customers", """[ { "key": "C1", "country": "TW" } ]""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("name", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(0L, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.customers"));
    }
}
