using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.ErpSync;

/// <summary><c>forecast erp ...</c> as a separate process on the real database: the drop, the status list, a bad mapping.</summary>
public sealed class ErpCommandsTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "erp-cli-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        CliProcess.RunSplitAsync(new Dictionary<string, string> { ["ConnectionStrings__Forecast"] = database.ConnectionString }, TimeSpan.FromMinutes(2), args);

    [Fact]
    public async Task ExportDocuments_ConvertsWonDealsAndWritesTheDropOnce_AndDocumentsListsThemExported()
    {
        await ErpWorld.SeedAsync(database);
        var output = Path.Combine(_folder, "drop");

        var first = await RunAsync("erp", "export-documents", "--to", output);
        var second = await RunAsync("erp", "export-documents", "--to", output);
        var list = await RunAsync("erp", "documents", "--format", "csv");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("Wrote 3 document(s) to ", first.Stdout, StringComparison.Ordinal); // after the log lines the test bin's appsettings let through
        var drop = Assert.Single(Directory.GetDirectories(output));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(drop, "SO_LINE.csv")).Length - 1);
        Assert.Contains("Nothing to export: every document is in an earlier drop.", second.Stdout, StringComparison.Ordinal);
        var rows = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("id,kind,key,written_utc,exported_utc,delivered_utc,attempts", rows[0], StringComparison.Ordinal);
        Assert.Equal(["CRM-OPP-o-2", "CRM-ACC-a-nova", "CRM-OPP-o-1"], rows.Skip(1).Select(r => r.Split(',')[2]));
        Assert.All(rows.Skip(1), r => Assert.NotEqual("", r.Split(',')[4]));
    }

    [Fact]
    public async Task ExportDocuments_RefusesAMappingItCannotWrite_SayingWhere_AndMarksNothing()
    {
        await ErpWorld.SeedAsync(database);
        Directory.CreateDirectory(_folder);
        var mapping = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(mapping, """{ "system": "erp", "files": [ { "file": "X.csv", "targets": [ { "entity": "invoices", "key": ["A"], "fields": { "amount": "A" } } ] } ] }""");

        var run = await RunAsync("erp", "export-documents", "--to", Path.Combine(_folder, "drop"), "--mapping", mapping);
        var list = await RunAsync("erp", "documents", "--format", "csv");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("files[0].targets[0].entity: \"invoices\" cannot be exported", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "drop")));
        Assert.All(list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1), r => Assert.Equal("", r.Split(',')[4]));
    }
}
