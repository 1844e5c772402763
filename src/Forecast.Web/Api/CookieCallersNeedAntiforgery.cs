using Microsoft.AspNetCore.Antiforgery;

namespace Forecast.Web.Api;

/// <summary>
/// A write through the API with the browser's sign-in cookie must carry the antiforgery token (header
/// <c>RequestVerificationToken</c>), as a form post does; a bearer-token client is not a browser and needs none.
/// SameSite=Lax cookies already stop most cross-site posts; this closes the rest (same-site subdomains, old browsers).
/// </summary>
internal sealed class CookieCallersNeedAntiforgery(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var bearer = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (!bearer && !await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                detail: "Browser sessions send the token of the page in the RequestVerificationToken header; machine clients use an API token (Authorization: Bearer).");
        }
        return await next(context);
    }
}
