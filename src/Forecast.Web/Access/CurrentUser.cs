using System.Globalization;
using System.Security.Claims;
using Forecast.Core.Access;
using Forecast.Core.Customers;

namespace Forecast.Web.Access;

/// <summary>Who is asking, and which customers they may see: a rep only their own; planners and admins everything.</summary>
public static class CurrentUser
{
    public const string RepIdClaim = "rep_id";

    /// <summary>The rep whose customers this user is limited to, or null when the user may see every customer.</summary>
    public static long? RepScope(this ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Planner))
            return null;
        var claim = user.FindFirstValue(RepIdClaim);
        // A rep without a CRM rep row sees nobody's customers rather than everybody's.
        return claim is null ? -1 : long.Parse(claim, CultureInfo.InvariantCulture);
    }

    /// <summary>The caller's <see cref="RepScope"/> as the customer queries take it.</summary>
    public static CustomerScope CustomerScope(this ClaimsPrincipal user) =>
        user.RepScope() is { } rep ? Core.Customers.CustomerScope.OwnedBy(rep) : Core.Customers.CustomerScope.All;
}
