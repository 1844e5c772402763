using Forecast.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Access;

/// <summary>
/// Every failed sign-in costs one password hash and reads the same, whether the email is unknown, the password wrong or
/// the account locked out: neither the answer nor its time tells a stranger which emails have accounts.
/// Refuses sign-in (<see cref="SignInResult.NotAllowed"/>) to a Rep user whose CRM rep is inactive or who is tied to no
/// rep, as an API token for that rep is refused. The login page shows NotAllowed as "Your CRM rep record is inactive".
/// </summary>
internal sealed class ForecastSignInManager(
    UserManager<ForecastUser> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<ForecastUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<ForecastUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ForecastUser> confirmation, RepAccess reps)
    : SignInManager<ForecastUser>(users, context, claims, options, logger, schemes, confirmation)
{
    /// <summary>A hash of a random password that nobody knows, made once with the app's hasher (same algorithm and work factor).</summary>
    private static string? _decoyHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // Identity answers an unknown name without hashing (a few ms against ~100 ms for a real account).
            SpendAPasswordCheck(password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

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
        // Identity answers a locked-out account before it hashes: spend the hash here so the time says nothing.
        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user))
        {
            SpendAPasswordCheck(password);
            return SignInResult.LockedOut;
        }
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

    private void SpendAPasswordCheck(string password)
    {
        var decoy = new ForecastUser();
        _decoyHash ??= UserManager.PasswordHasher.HashPassword(decoy, Guid.NewGuid().ToString("N"));
        UserManager.PasswordHasher.VerifyHashedPassword(decoy, _decoyHash, password);
    }
}
