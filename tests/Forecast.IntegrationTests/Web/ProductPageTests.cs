using System.Net;
using Forecast.Core.Access;
using Forecast.Core.Demand;
using Forecast.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Web;

/// <summary>What the planner's product page says about the CRM pipeline agrees with the numbers behind it.</summary>
public sealed class ProductPageTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    [Fact]
    public async Task ProductPage_SaysTheOpenDealsAreInTheForecast_WhenTheForecastIncludesThem()
    {
        long productId;
        double pipelineUnits;
        await using (var db = demo.App.Database.CreateContext())
        {
            var run = await PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, null).SingleAsync();
            var best = await db.DemandForecasts.Where(f => f.PredictionRunId == run.Id)
                .GroupBy(f => f.ProductId).Select(g => new { ProductId = g.Key, Units = g.Sum(f => f.PipelineMean) })
                .OrderByDescending(x => x.Units).FirstAsync();
            (productId, pipelineUnits) = (best.ProductId, best.Units);
        }
        Assert.True(pipelineUnits > 0, "the demo world's forecast holds no pipeline demand: nothing to check");
        using var client = demo.App.CreateClient(await demo.App.IssueTokenAsync(Roles.Planner));

        var response = await client.GetAsync($"/planner/products/{productId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var note = html[html.IndexOf("id=\"pipeline-note\"", StringComparison.Ordinal)..];
        note = note[..note.IndexOf("</p>", StringComparison.Ordinal)];
        Assert.Contains("The forecast includes about", note, StringComparison.Ordinal);
        Assert.DoesNotContain("not in the forecast", note, StringComparison.Ordinal);
    }
}
