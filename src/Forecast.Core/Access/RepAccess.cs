using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Access;

/// <summary>
/// The rule that ends a leaver's access: a user who sees only their own CRM rep's customers (the Rep role without
/// Planner or Admin) may sign in and stay signed in only while that rep is active in the CRM. API tokens follow the
/// same rule in <see cref="ApiTokens.CheckAsync"/>.
/// </summary>
public sealed class RepAccess(ForecastDbContext db)
{
    /// <summary>
    /// Whether a user with these roles is limited to one rep's customers, and so depends on that rep being active.
    /// Planner and Admin see every customer whatever rep row they may be tied to.
    /// </summary>
    public static bool IsRepScoped(Func<string, bool> hasRole) =>
        hasRole(Roles.Rep) && !hasRole(Roles.Planner) && !hasRole(Roles.Admin);

    /// <summary>Whether the CRM rep exists and is active: one primary-key lookup. No rep (null) is never active.</summary>
    public async Task<bool> IsActiveAsync(long? repId, CancellationToken cancellationToken) =>
        repId is { } id && await db.Reps.AnyAsync(r => r.Id == id && r.Active, cancellationToken);
}
