using System.Globalization;
using System.Text;
using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>A first load big enough to rebuild the lines table's foreign keys and indexes once instead of row by row.</summary>
public sealed class BulkImportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    private const string Structures = """
        SELECT string_agg(d, ' | ' ORDER BY d) FROM (
          SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = 'erp.sales_order_lines'::regclass
          UNION ALL SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'erp.sales_order_lines'::regclass) s
        """;

    [Fact]
    public async Task ImportAsync_RestoresEveryConstraintAndIndex_WhenABigFirstLoadRebuildsThem()
    {
        var before = await _kit.ScalarAsync<string>(Structures);
        var folder = _kit.Copy("demo/erp");
        var lines = new StringBuilder("SO_NO,LINE_NO,ITEM_NO,QTY,PRICE,RTN_FLAG\n");
        for (var i = 1; i <= StagedTarget.BulkRebuildThresholdRows + 5; i++)
            lines.Append(CultureInfo.InvariantCulture, $"SO24001,{i},CN-1001,{i % 50 + 1},148.5,N\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "SO_LINE.csv"), lines.ToString());

        var result = await _kit.ImportAsync("demo-erp", folder);

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        Assert.Equal(StagedTarget.BulkRebuildThresholdRows + 5, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.sales_order_lines"));
        Assert.Equal(before, await _kit.ScalarAsync<string>(Structures));
        Assert.Contains("FOREIGN KEY", before, StringComparison.Ordinal);
    }
}
