using Forecast.Core;
using Forecast.Core.Assistant;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>A question to the order-status assistant; <see cref="CustomerId"/> is the choice the rep picked when it asked back.</summary>
public sealed record AskRequest(string? Question, long? CustomerId);

/// <summary>
/// <c>POST /api/assistant/ask</c>: the page's assistant for API clients, under the same rep scope. Another rep's customer
/// is answered exactly as a name nobody has ("not found"), by name or by id; a missing or too long question is a 400
/// with the field.
/// </summary>
public static class AssistantEndpoints
{
    public static IEndpointRouteBuilder MapAssistantApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/assistant").WithTags("Assistant").RequireAuthorization(WebRegistration.RepPolicy)
            .MapPost("/ask", Ask).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Answers a question about one of the caller's customers (orders, shipments, invoices, last contact) in the question's language, each sentence with links to its source rows; asks back with choices when several customers fit.");
        return endpoints;
    }

    private static async Task<Results<Ok<AssistantAnswer>, ValidationProblem>> Ask(AskRequest request, HttpContext context, OrderStatusAssistant assistant, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await assistant.AskAsync(context.User.CustomerScope(), request.Question, request.CustomerId, ct));
        }
        catch (UserInputException e)
        {
            var colon = e.Message.IndexOf(':', StringComparison.Ordinal);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["question"] = [colon > 0 ? e.Message[(colon + 1)..].Trim() : e.Message] },
                title: "The request is not valid.");
        }
    }
}
