using System.Globalization;
using System.Security.Claims;
using Forecast.Core.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Access;

/// <summary>Puts the user's CRM rep id and display name into the sign-in cookie.</summary>
internal sealed class ForecastClaimsFactory(UserManager<ForecastUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ForecastUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ForecastUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("display_name", user.DisplayName));
        if (user.RepId is { } repId)
            identity.AddClaim(new Claim(CurrentUser.RepIdClaim, repId.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
