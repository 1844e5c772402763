using System.Globalization;
using System.Security.Claims;
using Forecast.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Forecast.Web.Access;

/// <summary>
/// Checks a rep's sign-in cookie on every request: once the CRM import marks the rep inactive, the cookie is rejected
/// and deleted, so the next page sends the browser to the login page (401 on the API), as a Rep API token is refused.
/// </summary>
internal static partial class RepCookieValidation
{
    /// <summary>
    /// Planner and Admin cookies cost nothing (their roles are in the cookie); a rep's costs one primary-key lookup of
    /// <c>crm.reps</c>. A Rep cookie without a rep id is rejected without a query.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || !RepAccess.IsRepScoped(principal.IsInRole))
            return;
        var claim = principal.FindFirstValue(CurrentUser.RepIdClaim);
        long? repId = claim is null ? null : long.Parse(claim, CultureInfo.InvariantCulture);
        var services = context.HttpContext.RequestServices;
        if (await services.GetRequiredService<RepAccess>().IsActiveAsync(repId, context.HttpContext.RequestAborted))
            return;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RepCookieValidation));
        SignedOut(log, principal.FindFirstValue(ClaimTypes.NameIdentifier), repId);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed out user {UserId}: their CRM rep #{RepId} is inactive or missing")]
    private static partial void SignedOut(ILogger logger, string? userId, long? repId);
}
