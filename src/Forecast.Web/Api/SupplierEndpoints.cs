using System.Globalization;
using Forecast.Core.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>A supplier's minimum order value as the API takes it; an empty <see cref="Minimum"/> removes it.</summary>
public sealed record SupplierMinimumEdit(string? Supplier, string? Minimum, string? Currency);

/// <summary>The suppliers page's data as JSON and CSV, and the minimum order values; planners and admins only (no customer data).</summary>
public static class SupplierEndpoints
{
    public static IEndpointRouteBuilder MapSupplierApi(this IEndpointRouteBuilder endpoints)
    {
        var planner = endpoints.MapGroup("/api/planner").WithTags("Planner").RequireAuthorization(WebRegistration.PlannerPolicy);
        planner.MapGet("/suppliers", Group)
            .WithSummary("Suggested orders (not yet approved) and approved purchase proposals of the latest plan by supplier, valued at unit cost in the home currency, with each supplier's minimum order value and whether the total is below it.");
        planner.MapGet("/suppliers.csv", Csv)
            .WithSummary("The same as CSV (UTF-8, invariant numbers).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        planner.MapPost("/suppliers/minimum", SaveMinimum).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Set a supplier's minimum order value: {\"supplier\": \"...\", \"minimum\": \"5000\", \"currency\": \"TWD\"}; an empty minimum removes it.")
            .WithDescription("The supplier must be one the products name, the minimum a number from 0 to 1,000,000,000 and the currency an ISO 4217 code; otherwise 400 with each field and why, and nothing changes.");
        return endpoints;
    }

    private static Task<SupplierGrouping> Group(SupplierOrders suppliers, CancellationToken ct) => suppliers.GroupAsync(ct);

    private static async Task<FileContentHttpResult> Csv(SupplierOrders suppliers, CancellationToken ct)
    {
        var grouping = await suppliers.GroupAsync(ct);
        var name = grouping.AsOf is { } asOf ? $"orders-by-supplier-{asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv" : "orders-by-supplier.csv";
        return TypedResults.File(SupplierOrders.ToCsv(grouping), "text/csv; charset=utf-8", name);
    }

    private static async Task<Results<Ok<SupplierGrouping>, ValidationProblem>> SaveMinimum(SupplierMinimumEdit edit, HttpContext context, SupplierOrders suppliers, CancellationToken ct)
    {
        var refused = await suppliers.SaveMinimumAsync(edit.Supplier, edit.Minimum, edit.Currency, context.User.Identity?.Name ?? "api", ct);
        if (refused.Count > 0)
            return TypedResults.ValidationProblem(refused.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "The request is not valid.");
        return TypedResults.Ok(await suppliers.GroupAsync(ct));
    }
}
