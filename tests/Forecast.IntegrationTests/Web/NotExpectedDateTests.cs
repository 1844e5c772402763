using System.Net;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Core.ModelStore;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Web;

/// <summary>A pair the reorder model gives no date (it has most likely stopped) reads "not expected", never a far-off date.</summary>
public sealed class NotExpectedDateTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    [Fact]
    public async Task CustomerPageAndApi_SayNotExpected_WhenThePairHasNoPredictedDate()
    {
        // A customer with such a pair among the rows its page shows (the most likely first).
        long customer, product;
        await using (var db = demo.App.Database.CreateContext())
        {
            var run = await db.PredictionRuns.Where(r => r.Kind == ReorderModelJob.Kind && r.Status == RunStatus.Succeeded).MaxAsync(r => r.Id);
            var rows = await db.ReorderPredictions.AsNoTracking().Where(r => r.PredictionRunId == run)
                .Select(r => new { r.CustomerId, r.ProductId, r.PredictedDate, r.P90Date, r.ProbabilityWithinHorizon }).ToListAsync();
            Assert.All(rows, r => Assert.True(r.P90Date is null || r.P90Date < new DateOnly(2100, 1, 1), "no 100-year date is stored"));
            var shown = rows.GroupBy(r => r.CustomerId)
                .SelectMany(g => g.OrderByDescending(r => r.ProbabilityWithinHorizon).Take(CustomerQueries.RecentRows))
                .FirstOrDefault(r => r.PredictedDate is null);
            Assert.True(shown is not null, "the demo world has no shown pair without a date");
            product = shown.ProductId;
            customer = await db.UnifiedCustomers.Where(c => c.ErpCustomerId == shown.CustomerId).Select(c => c.Id).FirstAsync();
        }
        using var client = demo.App.CreateClient(await demo.App.IssueTokenAsync(Roles.Admin));

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/reps/customers/{customer}"));
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/customers/{customer}"));

        Assert.Contains(">not expected<", html, StringComparison.Ordinal);
        var row = json.RootElement.GetProperty("nextOrders").EnumerateArray().Single(n => n.GetProperty("productId").GetInt64() == product);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("predictedDate").ValueKind);
    }
}
