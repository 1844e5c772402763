using Forecast.Core.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>Which settings go back to the imported or configured value.</summary>
public sealed record ResetSettingsRequest(IReadOnlyList<PlanningSetting>? Settings);

/// <summary>A product's settings after a change, and whether its projection was recomputed with them at once.</summary>
public sealed record PlanningSettingsResponse(ProductPlanningSettings Settings, bool Recomputed);

/// <summary>A product's forecast overrides after a change, and whether its projection was recomputed with them at once.</summary>
public sealed record ForecastOverridesResponse(IReadOnlyList<ForecastOverrideView> Overrides, bool Recomputed);

/// <summary>Approve the suggested order (no quantity) or another quantity (a positive whole number).</summary>
public sealed record ApproveProposalRequest(decimal? Quantity);

/// <summary>
/// What planners change through the API: per-product planning settings and forecast overrides (each change re-plans the
/// product in the latest inventory run at once), and the forecast value added of the overrides. Planner and admin roles
/// only, like every planner route; invalid input is a 400 naming each field and why, and changes nothing.
/// </summary>
public static class PlannerActionEndpoints
{
    public static IEndpointRouteBuilder MapPlannerActions(this IEndpointRouteBuilder endpoints)
    {
        var planner = endpoints.MapGroup("/api/planner").WithTags("Planner").RequireAuthorization(WebRegistration.PlannerPolicy);
        planner.MapGet("/products/{id:long}/settings", GetSettings)
            .WithSummary("A product's lead time, service level, MOQ and pack size: imported value, planner override and the value planning uses, with the change log.");
        planner.MapPost("/products/{id:long}/settings", UpdateSettings).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Override planning settings (fields left out stay as they are): leadTimeDays 0–365, serviceLevelPercent 50–99.9, moq and packSize positive whole numbers.")
            .WithDescription("All fields valid or nothing changes (400 with each field and why). The product is re-planned in the latest inventory run at once.");
        planner.MapPost("/products/{id:long}/settings/reset", ResetSettings).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Return settings to the imported or configured values: {\"settings\": [\"LeadTime\", \"ServiceLevel\", \"Moq\", \"PackSize\"]}.");
        planner.MapGet("/products/{id:long}/overrides", GetOverrides)
            .WithSummary("A product's forecast overrides, past and ahead: model forecast and override then and now, reason, who and when, and the actual once the week is past.");
        planner.MapPost("/products/{id:long}/overrides", SetOverrides).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Override the forecast from week `from` to week `to` (Mondays of the current forecast): kind Absolute (value = units per week) or Percent (value = % change of the model's mean), with a reason.")
            .WithDescription("Kept per product and week, so it holds across nightly runs; the inventory projection uses it instead of the model's mean (quantiles scaled alike). The product is re-planned at once.");
        planner.MapDelete("/products/{id:long}/overrides/{week}", RemoveOverride).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Remove the override of a week still ahead (a past week's override is kept to measure it).");
        planner.MapPost("/products/{id:long}/proposal", Approve).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Approve the product's suggested order from the latest inventory run into a purchase proposal (optionally another quantity).")
            .WithDescription("Idempotent per proposal key (SKU and the plan's as-of date): 201 with the new proposal, or 200 with the one approved before (created: false).");
        planner.MapGet("/purchase-proposals", Proposals).WithSummary("Approved purchase proposals, newest first: product, supplier, quantity, order-by date, approved by whom and when.");
        planner.MapGet("/purchase-proposals.csv", ProposalsCsv)
            .WithSummary("The approved purchase proposals as CSV for purchasing (by supplier; UTF-8, invariant numbers, ISO dates, UTC instants).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        planner.MapGet("/value-added", ValueAdded)
            .WithSummary("Forecast value added of the overrides: per past overridden week the actual, the model's and the planner's forecast; MAE and bias of both, how many helped and hurt. Filter: productId.");
        return endpoints;
    }

    private static string Who(HttpContext context) => context.User.Identity?.Name ?? "api";

    private static async Task<Results<Ok<ProductPlanningSettings>, ProblemHttpResult>> GetSettings(long id, PlanningSettings settings, CancellationToken ct) =>
        await settings.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : NoProduct(id);

    private static async Task<Results<Ok<PlanningSettingsResponse>, ValidationProblem, ProblemHttpResult>> UpdateSettings(
        long id, PlanningSettingsEdit edit, HttpContext context, PlanningSettings settings, InventoryStage inventory, CancellationToken ct)
    {
        try
        {
            if (await settings.UpdateAsync(id, edit, Who(context), ct) is not { } view)
                return NoProduct(id);
            return TypedResults.Ok(new PlanningSettingsResponse(view, await inventory.ReplanProductAsync(id, ct)));
        }
        catch (PlannerInputException e)
        {
            return Invalid(e);
        }
    }

    private static async Task<Results<Ok<PlanningSettingsResponse>, ValidationProblem, ProblemHttpResult>> ResetSettings(
        long id, ResetSettingsRequest request, HttpContext context, PlanningSettings settings, InventoryStage inventory, CancellationToken ct)
    {
        if (request.Settings is not { Count: > 0 } which)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["settings"] = ["Name the settings to reset: LeadTime, ServiceLevel, Moq, PackSize."] }, title: "The request is not valid.");
        if (await settings.ResetAsync(id, which, Who(context), ct) is not { } view)
            return NoProduct(id);
        return TypedResults.Ok(new PlanningSettingsResponse(view, await inventory.ReplanProductAsync(id, ct)));
    }

    private static async Task<Results<Ok<IReadOnlyList<ForecastOverrideView>>, ProblemHttpResult>> GetOverrides(long id, PlanningSettings settings, ForecastOverrides overrides, CancellationToken ct) =>
        await settings.GetAsync(id, ct) is null ? NoProduct(id) : TypedResults.Ok(await overrides.ForProductAsync(id, ct));

    private static async Task<Results<Ok<ForecastOverridesResponse>, ValidationProblem, ProblemHttpResult>> SetOverrides(
        long id, ForecastOverrideRequest request, HttpContext context, ForecastOverrides overrides, InventoryStage inventory, CancellationToken ct)
    {
        try
        {
            await overrides.SetAsync(id, request, Who(context), ct);
        }
        catch (KeyNotFoundException)
        {
            return NoProduct(id);
        }
        catch (PlannerInputException e)
        {
            return Invalid(e);
        }
        var recomputed = await inventory.ReplanProductAsync(id, ct);
        return TypedResults.Ok(new ForecastOverridesResponse(await overrides.ForProductAsync(id, ct), recomputed));
    }

    private static async Task<Results<Ok<ForecastOverridesResponse>, ValidationProblem, ProblemHttpResult>> RemoveOverride(
        long id, string week, ForecastOverrides overrides, InventoryStage inventory, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(week, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["week"] = ["Give the week as yyyy-MM-dd."] }, title: "The request is not valid.");
        try
        {
            if (!await overrides.RemoveAsync(id, day, ct))
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Product {id} has no override for the week of {week}.");
        }
        catch (PlannerInputException e)
        {
            return Invalid(e);
        }
        var recomputed = await inventory.ReplanProductAsync(id, ct);
        return TypedResults.Ok(new ForecastOverridesResponse(await overrides.ForProductAsync(id, ct), recomputed));
    }

    private static async Task<Results<Created<ProposalApproval>, Ok<ProposalApproval>, ValidationProblem, ProblemHttpResult>> Approve(
        long id, ApproveProposalRequest? request, HttpContext context, PurchaseProposals proposals, CancellationToken ct)
    {
        try
        {
            if (await proposals.ApproveAsync(id, request?.Quantity, Who(context), ct) is not { } approval)
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The latest inventory run has no plan for product {id}.");
            return approval.Created ? TypedResults.Created("/api/planner/purchase-proposals", approval) : TypedResults.Ok(approval);
        }
        catch (PlannerInputException e)
        {
            return Invalid(e);
        }
    }

    private static Task<List<PurchaseProposal>> Proposals(PurchaseProposals proposals, int? take, CancellationToken ct) => proposals.ListAsync(take ?? 500, ct);

    private static async Task<FileContentHttpResult> ProposalsCsv(PurchaseProposals proposals, CancellationToken ct) =>
        TypedResults.File(PurchaseProposals.ToCsv(await proposals.ListAsync(10_000, ct)), "text/csv; charset=utf-8", "purchase-proposals.csv");

    private static Task<ValueAddedReport> ValueAdded(ForecastOverrides overrides, long? productId, CancellationToken ct) => overrides.ValueAddedAsync(productId, ct);

    private static ValidationProblem Invalid(PlannerInputException e) => TypedResults.ValidationProblem(e.ByField(), title: "The request is not valid.");

    private static ProblemHttpResult NoProduct(long id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No product {id}.");
}
