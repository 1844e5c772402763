using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>Dated product costs (issue 13, pricing): a mapping's <c>product-costs</c> target fills <c>erp.product_cost_changes</c>.</summary>
public sealed class ProductCostImportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly string Mapping = IngestTestKit.Fixture("costs", "erp-costs.json");
    private readonly IngestTestKit _kit = new(database);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ImportAsync_StoresEachDatedCostOfItsProduct_AndAReimportChangesNothing()
    {
        var first = await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("costs", "erp"));

        Assert.Equal(ImportStatus.Succeeded, first.Status);
        var rows = await _kit.RowsAsync(
            "SELECT p.sku, c.effective_on::text, c.unit_cost FROM erp.product_cost_changes c JOIN erp.products p ON p.id = c.product_id ORDER BY p.sku, c.effective_on");
        Assert.Equal(["B6204 2025-01-01 60.0000", "B6204 2026-10-01 80.0000", "CU01 2026-11-01 130.0000"],
            rows.Select(r => $"{r[0]} {r[1]} {(decimal)r[2]!:0.0000}").ToList());

        var second = await _kit.ImportAsync(Mapping, IngestTestKit.Fixture("costs", "erp"));
        Assert.Equal(ImportStatus.Succeeded, second.Status);
        Assert.Equal(3L, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.product_cost_changes"));
    }

    [Fact]
    public async Task ImportAsync_RejectsANegativeCost_NamingTheColumn_AndChangesNothing()
    {
        var folder = _kit.Copy("costs/erp");
        IngestTestKit.Edit(folder, "COST_HIST.csv", t => t.Replace("2026/10/01,80", "2026/10/01,-80", StringComparison.Ordinal));

        var result = await _kit.ImportAsync(Mapping, folder);

        Assert.NotEqual(ImportStatus.Succeeded, result.Status);
        var error = Assert.Single(result.Report.Errors);
        Assert.Equal("COST_HIST.csv", error.File);
        Assert.Contains("STD_COST", error.Column, StringComparison.Ordinal);
        Assert.Contains("negative", error.Reason, StringComparison.Ordinal);
        Assert.Equal(0L, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.product_cost_changes"));
        Assert.Equal(0L, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.products"));
    }
}
