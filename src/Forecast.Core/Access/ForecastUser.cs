using Forecast.Core.Data;
using Microsoft.AspNetCore.Identity;

namespace Forecast.Core.Access;

/// <summary>The three roles of the product. A user may hold several.</summary>
public static class Roles
{
    /// <summary>Sees stock projections, forecasts and suggested orders for every product.</summary>
    public const string Planner = "Planner";
    /// <summary>Sees reminders and the customers they own, and nobody else's.</summary>
    public const string Rep = "Rep";
    /// <summary>Runs jobs, reviews customer matches, reads model and import history.</summary>
    public const string Admin = "Admin";

    public static readonly string[] All = [Planner, Rep, Admin];
}

/// <summary>A person who signs in. A rep's account is tied to their CRM rep row, which decides what they may see.</summary>
public sealed class ForecastUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The CRM rep this user is; required for the Rep role.</summary>
    public long? RepId { get; set; }
    /// <summary>UI culture the user chose (<c>en</c> or <c>zh-TW</c>); null: from the browser.</summary>
    public string? PreferredCulture { get; set; }
}

/// <summary>
/// A bearer token for machine clients (ERP/CRM push, scripts, a rep's own phone app or add-in). Only a SHA-256 hash is
/// stored; the token is shown once.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    /// <summary>The role the token acts with (e.g. Admin for the push-ingest API).</summary>
    public string Role { get; set; } = "";
    /// <summary>
    /// The CRM rep a Rep token acts for: it sees that rep's customers, as the rep's own login does. Required for the Rep
    /// role, null for the others (they see every customer).
    /// </summary>
    public long? RepId { get; set; }
    public Rep? Rep { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
