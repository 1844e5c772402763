using System.Globalization;
using Forecast.Core.Demand;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>A demand run's audit trail for planners: the cross-validation rows behind each product's model and backtest error.</summary>
public static class DemandEndpoints
{
    public static IEndpointRouteBuilder MapDemandApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/planner/demand/runs").WithTags("Planner").RequireAuthorization(WebRegistration.PlannerPolicy);
        group.MapGet("/{id:long}/cv.csv", (long id, string? product, DemandCvExport export, CancellationToken ct) => CvAsync(id, product, export, ct))
            .WithSummary("A published demand run's cross-validation rows as CSV in statsforecast's long format (unique_id = SKU, ds, cutoff, y, one column per candidate, auto, auto_model).")
            .WithDescription("product: only that SKU's rows. auto is the outer split's forecast (chosen on earlier windows only); its mean absolute error over the naive scale is the product's reported backtest MASE. 404 when the run is not a published demand run; 400 for an unknown SKU.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapGet("/latest/cv.csv", LatestCvAsync)
            .WithSummary("The latest published demand run's cross-validation rows as CSV (as /api/planner/demand/runs/{id}/cv.csv).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return endpoints;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CvAsync(long id, string? product, DemandCvExport export, CancellationToken ct)
    {
        if (!await export.IsPublishedAsync(id, ct))
            return NoRun($"No published demand run {id}.");
        long? productId = null;
        if (!string.IsNullOrWhiteSpace(product))
        {
            productId = await export.ProductIdAsync(product.Trim(), ct);
            if (productId is null)
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid product", detail: $"No product with SKU '{product}'.",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["product"] = ["no product has this SKU"] } });
        }
        // Buffered: the CSV writer writes synchronously, which the response stream refuses.
        using var buffer = new MemoryStream();
        await export.WriteCsvAsync(buffer, id, productId, byteOrderMark: true, ct);
        var name = string.Create(CultureInfo.InvariantCulture, $"demand-cv-run-{id}{(productId is null ? "" : "-" + product!.Trim())}.csv");
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", name);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LatestCvAsync(string? product, DemandCvExport export, CancellationToken ct) =>
        await export.LatestRunIdAsync(ct) is { } id ? await CvAsync(id, product, export, ct) : NoRun("No published demand run yet.");

    private static ProblemHttpResult NoRun(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
