using System.Globalization;
using Forecast.Core.Pricing;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>Price suggestions for an open deal's quote lines, under the reps' scope (another rep's deal is 404).</summary>
public static class PricingEndpoints
{
    public static IEndpointRouteBuilder MapPricingApi(this IEndpointRouteBuilder endpoints)
    {
        var deals = endpoints.MapGroup("/api/deals").WithTags("Pricing").RequireAuthorization(WebRegistration.RepPolicy);
        deals.MapGet("/{id:long}/pricing", Pricing)
            .WithSummary("Per quote line of an open deal: floor from the current cost and target margin, suggested price with its interval, P(win) and expected margin at the quoted and suggested prices, and the expected-margin curve.")
            .WithDescription("asOf (yyyy-MM-dd, optional; not after today): cost in force and closed quotes learnt from as of that business date. 404 when the deal is not open, does not exist, or is on another rep's customer.");
        return endpoints;
    }

    private static async Task<Results<Ok<DealPricing>, ValidationProblem, ProblemHttpResult>> Pricing(
        long id, HttpContext context, PriceSuggestionQueries pricing, string? asOf, CancellationToken ct)
    {
        DateOnly? day = null;
        if (asOf is not null)
        {
            if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = ["Give the business date as yyyy-MM-dd."] }, title: "The pricing cannot be given for these parameters.");
            day = parsed;
        }
        return await pricing.GetAsync(context.User.CustomerScope(), id, day, ct) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No open deal {id} that you may see.");
    }
}
