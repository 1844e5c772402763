using Forecast.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Access;

/// <summary>
/// Refuses sign-in (<see cref="SignInResult.NotAllowed"/>) to a Rep user whose CRM rep is inactive or who is tied to no
/// rep, as an API token for that rep is refused. The login page shows NotAllowed as "Your CRM rep record is inactive".
/// </summary>
internal sealed class ForecastSignInManager(
    UserManager<ForecastUser> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<ForecastUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<ForecastUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ForecastUser> confirmation, RepAccess reps)
    : SignInManager<ForecastUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ForecastUser user)
    {
        if (!await base.CanSignInAsync(user))
            return false;
        var roles = await UserManager.GetRolesAsync(user);
        return !RepAccess.IsRepScoped(roles.Contains) || await reps.IsActiveAsync(user.RepId, Context.RequestAborted);
    }

    /// <summary>
    /// Identity answers NotAllowed before it checks the password; here NotAllowed goes only to whoever knows the
    /// password, so a stranger cannot learn from the login page that an email belongs to a rep who left.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(ForecastUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (!result.IsNotAllowed || await UserManager.CheckPasswordAsync(user, password))
            return result;
        if (lockoutOnFailure && UserManager.SupportsUserLockout)
        {
            await UserManager.AccessFailedAsync(user);
            if (await UserManager.IsLockedOutAsync(user))
                return SignInResult.LockedOut;
        }
        return SignInResult.Failed;
    }
}
