using Forecast.Core.Accuracy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Api;

/// <summary>The accuracy page's data as JSON, for planners and admins (no customer data: a rep is refused).</summary>
public static class AccuracyEndpoints
{
    public static IEndpointRouteBuilder MapAccuracyApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/planner/accuracy").WithTags("Planner").RequireAuthorization(WebRegistration.PlannerPolicy);
        group.MapGet("/", Overview)
            .WithSummary("Forecast accuracy over time at one horizon step: MASE, bias, MAE and 80% interval coverage by week per family and overall, drift, and the least accurate products.")
            .WithDescription("step: weeks ahead the forecasts were made (1 to the demand horizon, default 1); weeks: how many complete weeks back (1–260, default 26); worst: products listed (0–100, default 10). Bias is forecast − actual.");
        group.MapGet("/products/{id:long}", Product)
            .WithSummary("One product's scored forecasts at one horizon step: forecast, 80% range and actual demand by week.");
        group.MapGet("/drift", Drift).WithSummary("The families (null: all products) whose accuracy drifted, as the latest accuracy run recorded.");
        return endpoints;
    }

    private static async Task<Results<Ok<AccuracyOverview>, ProblemHttpResult>> Overview(AccuracyQueries accuracy, IOptions<Core.Demand.DemandOptions> demand,
        int? step, int? weeks, int? worst, CancellationToken ct)
    {
        if (Invalid(step, weeks, demand.Value.Horizon) is { } problem)
            return problem;
        if (worst is < 0 or > 100)
            return Refuse("worst", "must be from 0 to 100");
        return TypedResults.Ok(await accuracy.OverviewAsync(step ?? 1, weeks ?? 26, worst ?? 10, ct));
    }

    private static async Task<Results<Ok<ProductAccuracyView>, ProblemHttpResult>> Product(long id, AccuracyQueries accuracy, IOptions<Core.Demand.DemandOptions> demand,
        int? step, int? weeks, CancellationToken ct)
    {
        if (Invalid(step, weeks, demand.Value.Horizon) is { } problem)
            return problem;
        var view = await accuracy.ProductAsync(id, step ?? 1, weeks ?? 26, ct);
        return view is null ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No product {id}.") : TypedResults.Ok(view);
    }

    private static async Task<Ok<IReadOnlyList<DriftAlert>>> Drift(AccuracyQueries accuracy, CancellationToken ct) => TypedResults.Ok(await accuracy.AlertsAsync(ct));

    private static ProblemHttpResult? Invalid(int? step, int? weeks, int horizon)
    {
        if (step is { } s && (s < 1 || s > horizon))
            return Refuse("step", $"must be from 1 to {horizon} (the demand horizon)");
        if (weeks is < 1 or > 260)
            return Refuse("weeks", "must be from 1 to 260");
        return null;
    }

    private static ProblemHttpResult Refuse(string field, string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid {field}", detail: $"{field} {reason}.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });
}
