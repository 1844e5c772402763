using System.Globalization;
using System.Security.Claims;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Access;

/// <summary>
/// Checks the sign-in cookie on every request, so a session ends on the server and not only in the browser:
/// <list type="bullet">
/// <item>the cookie's security stamp must still be the user's: signing out (<c>LogoutModel</c>), a password reset or
/// a deleted user changes or removes it, and a copied cookie stops working at once;</item>
/// <item>a rep's CRM rep must still be active: once the CRM import marks the rep inactive, the cookie is refused, as a
/// Rep API token is.</item>
/// </list>
/// A refused cookie is deleted, so the next page sends the browser to the login page (401 on the API).
/// </summary>
/// <remarks>
/// One primary-key query per request (the stamp, and for a rep the rep's flag in the same statement). Identity's own
/// <see cref="SecurityStampValidator"/> with <c>ValidationInterval = 0</c> would do the stamp part, but it rebuilds the
/// principal (user, roles, claims: four queries) and re-issues the cookie on every response. A server-side ticket
/// store would need a new table.
/// </remarks>
internal static partial class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal)
            return;
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = principal.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
        var repScoped = RepAccess.IsRepScoped(principal.IsInRole);
        var claim = principal.FindFirstValue(CurrentUser.RepIdClaim);
        long? repId = claim is null ? null : long.Parse(claim, CultureInfo.InvariantCulture);

        var db = services.GetRequiredService<ForecastDbContext>();
        var users = db.Users.AsNoTracking().Where(u => u.Id == userId);
        var ct = context.HttpContext.RequestAborted;
        var current = repScoped
            ? await users.Select(u => new { u.SecurityStamp, RepActive = db.Reps.Any(r => r.Id == repId && r.Active) }).SingleOrDefaultAsync(ct)
            : await users.Select(u => new { u.SecurityStamp, RepActive = true }).SingleOrDefaultAsync(ct);

        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionValidation));
        if (current is null || stamp is null || current.SecurityStamp != stamp)
            Revoked(log, userId);
        else if (!current.RepActive)
            RepInactive(log, userId, repId);
        else
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused the sign-in cookie of user {UserId}: the session was signed out, or the password or the user changed")]
    private static partial void Revoked(ILogger logger, string? userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed out user {UserId}: their CRM rep #{RepId} is inactive or missing")]
    private static partial void RepInactive(ILogger logger, string? userId, long? repId);
}
