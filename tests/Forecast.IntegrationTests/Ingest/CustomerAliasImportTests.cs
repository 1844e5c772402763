using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>ERP customers with several names: a mapping's alias columns become <c>erp.customers.aliases</c> (issue 10).</summary>
public sealed class CustomerAliasImportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly string Mapping = IngestTestKit.Fixture("aliases", "erp-aliases.json");
    private readonly IngestTestKit _kit = new(database);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Dictionary<string, string[]>> AliasesAsync() =>
        (await _kit.RowsAsync("SELECT source_key, aliases FROM erp.customers")).ToDictionary(r => (string)r[0]!, r => (string[])r[1]!);

    [Fact]
    public async Task ImportAsync_StoresTheNonEmptyAliasColumnsInOrder_WhenTheMappingListsThem()
    {
        var result = await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("aliases", "erp"));

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        var aliases = await AliasesAsync();
        Assert.Equal(["Tatung Precision Industrial Co., Ltd.", "大同精密"], aliases["C0001"]);
        Assert.Empty(aliases["C0002"]);
        // The same name in both columns is stored once; a blank cell is no alias.
        Assert.Equal(["Taiwan Precision Screw Co., Ltd."], aliases["C0003"]);
        Assert.Equal(["YCM"], aliases["C0004"]);
        Assert.Equal("台灣精密螺絲股份有限公司", await _kit.ScalarAsync<string>("SELECT name FROM erp.customers WHERE source_key = 'C0003'"));
    }

    [Fact]
    public async Task ImportAsync_ChangesNothing_WhenTheSameAliasesAreImportedAgain()
    {
        var first = await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("aliases", "erp"));
        var before = await _kit.SnapshotAsync();
        _kit.Time.Advance(TimeSpan.FromDays(1));

        var second = await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("aliases", "erp"));

        Assert.Equal(ImportStatus.Succeeded, second.Status);
        Assert.Equal((0L, 0L, first.Report.Inserted), (second.Report.Inserted, second.Report.Updated, second.Report.Unchanged));
        Assert.Equal(before, await _kit.SnapshotAsync());
    }

    [Fact]
    public async Task ImportAsync_UpdatesOnlyTheCustomerWhoseAliasesChanged_WhenANewerExportDiffers()
    {
        await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("aliases", "erp"));
        var folder = _kit.Copy("aliases/erp");
        IngestTestKit.Edit(folder, "CUSTOMER.csv", t => t.Replace(",YCM,", ",Yeong Chin Machinery,", StringComparison.Ordinal));
        _kit.Time.Advance(TimeSpan.FromDays(1));

        var result = await _kit.ImportAsync(Mapping, folder);

        Assert.Equal((0L, 1L, 3L), (result.Report.Inserted, result.Report.Updated, result.Report.Unchanged));
        Assert.Equal(["Yeong Chin Machinery"], (await AliasesAsync())["C0004"]);
    }

    [Fact]
    public async Task ImportAsync_KeepsTheAliases_WhenALaterMappingDoesNotMapThem()
    {
        await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("aliases", "erp"));

        // The demo ERP export has no alias column: its customers C0001-C0003 are updated, their aliases left alone.
        var result = await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"));

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        var aliases = await AliasesAsync();
        Assert.Equal(["Tatung Precision Industrial Co., Ltd.", "大同精密"], aliases["C0001"]);
        Assert.Equal("Lin's \"Best\" Machining Co., Ltd.", await _kit.ScalarAsync<string>("SELECT name FROM erp.customers WHERE source_key = 'C0003'"));
        Assert.Equal(["Taiwan Precision Screw Co., Ltd."], aliases["C0003"]);
    }

    [Fact]
    public async Task ImportAsync_RefusesWithTheColumnAndChangesNothing_WhenAnAliasColumnIsMissing()
    {
        await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("aliases", "erp"));
        var before = await _kit.SnapshotAsync();
        var folder = _kit.Copy("aliases/erp");
        IngestTestKit.Edit(folder, "CUSTOMER.csv", t => t.Replace("SHORT_NAME", "SHORT_NM", StringComparison.Ordinal).Replace(",YCM,", ",YCM2,", StringComparison.Ordinal));

        var result = await _kit.ImportAsync(Mapping, folder);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        var error = Assert.Single(result.Report.Errors);
        Assert.Equal(("CUSTOMER.csv", 1L, "SHORT_NAME"), (error.File, error.Line, error.Column));
        Assert.Contains("missing required column", error.Reason, StringComparison.Ordinal);
        Assert.Equal(before, await _kit.SnapshotAsync());
    }
}
