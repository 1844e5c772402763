using Forecast.Core.Inventory;
using Forecast.Modeling.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>The purchase-order messages of the latest plan as JSON; planners and admins only (no customer data).</summary>
public static class PoMessageEndpoints
{
    public static IEndpointRouteBuilder MapPoMessageApi(this IEndpointRouteBuilder endpoints)
    {
        var planner = endpoints.MapGroup("/api/planner").WithTags("Planner").RequireAuthorization(WebRegistration.PlannerPolicy);
        planner.MapGet("/po-messages", List)
            .WithSummary("Exception messages for open purchase orders from the latest plan: expedite, reschedule in or out, cancel or reduce, with the suggested date, the units, and the line's value at unit cost (home currency). Filters: productId, action.")
            .WithDescription("action is one of Expedite, RescheduleIn, RescheduleOut, Cancel, Reduce; another value is a 400 naming the field.");
        return endpoints;
    }

    private static async Task<Results<Ok<PurchaseOrderMessageList>, ValidationProblem>> List(PurchaseOrderMessageQueries messages, long? productId, string? action, CancellationToken ct)
    {
        PurchaseOrderAction? only = null;
        if (!string.IsNullOrWhiteSpace(action))
        {
            if (!Enum.TryParse<PurchaseOrderAction>(action.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["action"] = [$"action must be one of {string.Join(", ", Enum.GetNames<PurchaseOrderAction>())}."] },
                    title: "The request is not valid.");
            }
            only = parsed;
        }
        return TypedResults.Ok(await messages.ListAsync(productId, only, ct));
    }
}
