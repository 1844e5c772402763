using Forecast.Core.ErpSync;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>Won deals against the ERP's orders (rep-scoped), and the ERP document outbox (admins).</summary>
public static class ErpEndpoints
{
    public static IEndpointRouteBuilder MapErpApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/won-deals", WonDeals).RequireAuthorization(WebRegistration.RepPolicy).WithTags("Reminders")
            .WithSummary("The caller's won deals (a rep: on the customers they own) against the ERP orders carrying their reference: days from win to order, median, and the won-not-ordered list.");
        endpoints.MapGet("/api/erp/documents", Documents).RequireAuthorization(WebRegistration.AdminPolicy).WithTags("Admin")
            .WithSummary("The ERP document outbox, newest first: kind, key, when written, exported to a CSV drop, delivered to the webhook, attempts and last error.")
            .WithDescription("kind: customer, sales-order or purchase-proposal (default: all). take ≤ 10000 (default 500).");
        return endpoints;
    }

    private static async Task<Ok<DealOrderReport>> WonDeals(HttpContext context, DealOrders orders, CancellationToken ct) =>
        TypedResults.Ok(await orders.ReportAsync(context.User.CustomerScope(), null, ct));

    private static async Task<Results<Ok<List<ErpDocumentStatus>>, ValidationProblem>> Documents(ErpDocuments documents, string? kind, int? take, CancellationToken ct)
    {
        if (kind is not null && !ErpDocumentKinds.All.Contains(kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"Give one of {string.Join(", ", ErpDocumentKinds.All)}."] },
                title: "The request is not valid.");
        }
        return TypedResults.Ok(await documents.ListAsync(kind, take ?? 500, ct));
    }
}
