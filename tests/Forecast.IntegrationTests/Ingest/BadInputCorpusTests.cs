using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Web.Ingest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>
/// Every bad export of <see cref="BadInputCorpus.Csv"/> is rejected with its file, line and column, changes no row of
/// any erp or crm table (checksums of each, over a database that already holds the demo import), and the report shows
/// no stack trace or .NET type. A few go through the real <c>forecast import</c> process.
/// </summary>
public sealed class BadInputCorpusTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);

    public static TheoryData<string> CsvCases => [.. BadInputCorpus.Csv.Keys];

    /// <summary>The demo import once per class: rejected imports change nothing, so later cases find the same rows.</summary>
    public async Task InitializeAsync()
    {
        if (await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.customers") > 0)
            return;
        Assert.Equal(ImportStatus.Succeeded, (await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"))).Status);
        Assert.Equal(ImportStatus.Succeeded, (await _kit.ImportAsync("demo-crm", IngestTestKit.Fixture("demo", "crm"))).Status);
    }

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A copy of the demo folder broken as the case says, and the line the report must name.</summary>
    private string Broken(BadInputCorpus.CsvCase bad, out long line)
    {
        var folder = _kit.Copy("demo/" + bad.Side);
        var file = Path.Combine(folder, bad.File);
        line = bad.Line == BadInputCorpus.Appended ? File.ReadAllText(file).Count(c => c == '\n') + 1 : bad.Line;
        bad.Break(folder);
        return folder;
    }

    [Theory]
    [MemberData(nameof(CsvCases))]
    public async Task ImportAsync_RejectsWithFileLineAndColumn_AndChangesNoTable(string name)
    {
        var bad = BadInputCorpus.Csv[name];
        var folder = Broken(bad, out var line);
        var before = await BadInputCorpus.ChecksumsAsync(database.DataSource);

        var result = await _kit.ImportAsync("demo-" + bad.Side, folder);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal(before, await BadInputCorpus.ChecksumsAsync(database.DataSource));
        var json = result.Report.ToJson();
        Assert.True(result.Report.Errors.Any(e => e.File == bad.File && e.Line == line && e.Column == bad.Column && e.Reason.Contains(bad.Reason, StringComparison.Ordinal)),
            $"expected {bad.File} line {line} column '{bad.Column}': {bad.Reason}; the report: {json}");
        BadInputCorpus.AssertNoInternals(json);
        Assert.Equal("Rejected", await _kit.ScalarAsync<string>($"SELECT status FROM ingest.import_runs WHERE id = {result.RunId}"));
    }

    [Theory]
    [InlineData("erp customer name with NUL")]
    [InlineData("erp corrupt gzip")]
    [InlineData("erp customer key over 256 characters")]
    [InlineData("erp symbolic link to a system file")]
    [InlineData("erp unrelated file under an export's name")]
    [InlineData("erp quantity 1e20")]
    public async Task ForecastImport_ExitsRejectedWithTheReport_AndNoStackTrace(string name)
    {
        var bad = BadInputCorpus.Csv[name];
        var folder = Broken(bad, out var line);
        var reportFile = Path.Combine(Path.GetTempPath(), $"forecast-report-{Guid.NewGuid():N}.json");
        var before = await BadInputCorpus.ChecksumsAsync(database.DataSource);

        var (exit, output) = await CliProcess.RunAsync(Environment(), TimeSpan.FromMinutes(2), "import", "erp", folder, "--report", reportFile);

        Assert.True(exit == 1, output);
        Assert.Contains("Rejected", output, StringComparison.Ordinal);
        BadInputCorpus.AssertNoInternals(output);
        Assert.Equal(before, await BadInputCorpus.ChecksumsAsync(database.DataSource));
        var errors = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile)).RootElement.GetProperty("errors").EnumerateArray().ToList();
        File.Delete(reportFile);
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == bad.File && e.GetProperty("line").GetInt64() == line
            && e.GetProperty("column").GetString() == bad.Column && e.GetProperty("reason").GetString()!.Contains(bad.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "system": "erp", "files": null }""", "files: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "CUSTOMER.csv", "targets": [ { "entity": "customers", "key": ["CUST_NO"], "fields": null } ] } ] }""", "files[0].targets[0].fields: null")]
    [InlineData("""{ "system": "erp", "files": { "file": "CUSTOMER.csv" } }""", "at files")]
    public async Task ForecastImport_NamesTheKey_WhenTheMappingHasANullOrAWrongValue(string json, string expected)
    {
        var mapping = Path.Combine(Path.GetTempPath(), $"forecast-mapping-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(mapping, json);

        var (exit, output) = await CliProcess.RunAsync(Environment(), TimeSpan.FromMinutes(2), "import", "erp", IngestTestKit.Fixture("demo", "erp"), "--mapping", mapping);
        File.Delete(mapping);

        Assert.True(exit == 2, output);
        Assert.Contains(expected, output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        BadInputCorpus.AssertNoInternals(output);
    }

    [Fact]
    public async Task ImportAsync_FinishesAtOnce_WhenAMappingPatternWouldBacktrackCatastrophically()
    {
        var folder = _kit.Copy("demo/erp");
        File.AppendAllText(Path.Combine(folder, "CUSTOMER.csv"), $"C0100,{new string('a', 900)}!,,TW,en,N30,1,a@x.example\n");
        var mapping = Path.Combine(folder, "evil.json");
        var demo = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            typeof(ImportMappings).Assembly.GetManifestResourceStream("Forecast.Core.Ingest.Mappings.demo-erp.json")!, new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip })!;
        var text = JsonSerializer.Serialize(demo).Replace("\"file\":\"CUSTOMER.csv\",", "\"file\":\"CUSTOMER.csv\",\"skip\":[{\"name\":\"evil\",\"column\":\"CUST_NM\",\"matches\":\"^(a+)+$\"}],", StringComparison.Ordinal);
        Assert.Contains("(a+)+", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(mapping, text);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await _kit.ImportAsync(mapping, folder);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal(ImportStatus.Succeeded, result.Status);
    }

    private Dictionary<string, string> Environment() => new() { ["ConnectionStrings__Forecast"] = database.ConnectionString };
}

/// <summary>
/// Every bad push of <see cref="BadInputCorpus.Push"/> answers 400 ProblemDetails naming the record and the field (never
/// 500), and changes no row of any erp or crm table.
/// </summary>
public sealed class BadPushCorpusTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);
    private WebApplicationFactory<PushResult>? _factory;
    private HttpClient _client = null!;

    public static TheoryData<string> PushCases => [.. BadInputCorpus.Push.Keys];

    public async Task InitializeAsync()
    {
        if (await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.customers") == 0)
        {
            Assert.Equal(ImportStatus.Succeeded, (await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"))).Status);
            Assert.Equal(ImportStatus.Succeeded, (await _kit.ImportAsync("demo-crm", IngestTestKit.Fixture("demo", "crm"))).Status);
        }
        _factory = new WebApplicationFactory<PushResult>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Forecast", database.ConnectionString);
            web.UseSetting("Schedule:RunWorkerInWeb", "false");
        });
        _client = _factory.CreateClient();
        await using var scope = _factory.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync($"corpus-{Guid.NewGuid():N}", Roles.Admin, null, default);
        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        _kit.Dispose();
    }

    [Theory]
    [MemberData(nameof(PushCases))]
    public async Task Post_Answers400WithRecordAndField_AndChangesNoTable(string name)
    {
        var bad = BadInputCorpus.Push[name];
        var before = await BadInputCorpus.ChecksumsAsync(database.DataSource);
        using var content = new ByteArrayContent(bad.Body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync("/api/ingest/" + bad.Path, content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(before, await BadInputCorpus.ChecksumsAsync(database.DataSource));
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.True(errors.Any(e => e.GetProperty("record").GetInt64() == bad.Record && e.GetProperty("field").GetString() == bad.Field
            && e.GetProperty("reason").GetString()!.Contains(bad.Reason, StringComparison.Ordinal)),
            $"expected record {bad.Record} field '{bad.Field}': {bad.Reason}; the answer: {text}");
        BadInputCorpus.AssertNoInternals(text);
    }

    [Fact]
    public async Task Post_Answers400_WhenTheSourceSystemParameterIsLongerThanTheColumn()
    {
        var response = await _client.PostAsJsonAsync($"/api/ingest/erp/customers?sourceSystem={new string('s', 65)}", new[] { new { key = "C1", name = "Acme" } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("65 characters; at most 64", text, StringComparison.Ordinal);
    }
}
