using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Ingest;

public sealed class ReimportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("demo-erp", "demo/erp")]
    [InlineData("online-retail", "online-retail")]
    public async Task ImportAsync_ChangesNothing_WhenTheSameFilesAreImportedAgain(string mapping, string fixture)
    {
        var first = await _kit.ImportAsync(mapping, IngestTestKit.Fixture(fixture.Split('/')));
        var before = await _kit.SnapshotAsync();
        _kit.Time.Advance(TimeSpan.FromDays(1));

        var second = await _kit.ImportAsync(mapping, IngestTestKit.Fixture(fixture.Split('/')));

        Assert.Equal(ImportStatus.Succeeded, second.Status);
        Assert.Equal(0, second.Report.Inserted);
        Assert.Equal(0, second.Report.Updated);
        Assert.Equal(first.Report.Inserted, second.Report.Unchanged);
        Assert.Equal(before, await _kit.SnapshotAsync());
    }

    [Fact]
    public async Task ImportAsync_UpdatesWhatChangedAndInsertsWhatIsNew_WhenANewerExportDiffers()
    {
        await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"));
        var folder = _kit.Copy("demo/erp");
        IngestTestKit.Edit(folder, "SO_LINE.csv", t => t.Replace("SO24003,2,CN-1002,15,1750,N", "SO24003,2,CN-1002,18,1750,N", StringComparison.Ordinal) + "SO24004,2,CN-1002,1,1800,N\n");
        IngestTestKit.Edit(folder, "SO_HEADER.csv", t => t.Replace("SO24003,C0001,2024/06/10,2024/06/20,O,TWD", "SO24003,C0001,2024/06/10,2024/06/20,S,TWD", StringComparison.Ordinal));
        var untouched = await _kit.RowsAsync("SELECT import_run_id, updated_at FROM erp.sales_order_lines WHERE source_key = 'SO24001/1'");
        _kit.Time.Advance(TimeSpan.FromDays(1));

        var result = await _kit.ImportAsync("demo-erp", folder);

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        var lines = result.Report.Files.Single(f => f.File == "SO_LINE.csv").Targets.Single();
        Assert.Equal((1, 1, 5), (lines.Inserted, lines.Updated, lines.Unchanged));
        var orders = result.Report.Files.Single(f => f.File == "SO_HEADER.csv").Targets.Single();
        Assert.Equal((0, 1, 3), (orders.Inserted, orders.Updated, orders.Unchanged));
        Assert.Equal((1, 2), (result.Report.Inserted, result.Report.Updated));

        Assert.Equal([[18m, result.RunId, _kit.Time.GetUtcNow().UtcDateTime]], await _kit.RowsAsync("SELECT quantity, import_run_id, updated_at FROM erp.sales_order_lines WHERE source_key = 'SO24003/2'"));
        Assert.Equal("Shipped", await _kit.ScalarAsync<string>("SELECT status FROM erp.sales_orders WHERE source_key = 'SO24003'"));
        Assert.Equal(untouched, await _kit.RowsAsync("SELECT import_run_id, updated_at FROM erp.sales_order_lines WHERE source_key = 'SO24001/1'"));
        Assert.Equal(7L, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.sales_order_lines"));
    }
}
