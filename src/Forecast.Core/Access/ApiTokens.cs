using System.Security.Cryptography;
using System.Text;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Access;

/// <summary>The outcome of presenting a token: the token it is, or why it is refused (for the log, never for the caller).</summary>
public sealed record ApiTokenCheck(ApiToken? Token, string? Refusal)
{
    public static readonly ApiTokenCheck Unknown = new(null, "Unknown API token.");
}

/// <summary>A token as <c>forecast tokens list</c> shows it (never its secret, which is not stored).</summary>
public sealed record ApiTokenRow(
    long Id, string Name, string Role, long? RepId, string? RepName, string? RepEmail, bool? RepActive,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Issues, checks, lists and revokes API tokens.</summary>
public sealed class ApiTokens(ForecastDbContext db, TimeProvider time)
{
    private const string Prefix = "fct_";

    /// <summary>
    /// Creates a token and returns its secret, which is not stored and cannot be shown again. A Rep token acts for one
    /// active CRM rep (<paramref name="repId"/>) and sees only that rep's customers; Planner and Admin tokens name no rep.
    /// </summary>
    public async Task<(ApiToken Token, string Secret)> IssueAsync(string name, string role, long? repId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A token needs a name that says what it is for (e.g. erp-sync).", nameof(name));
        if (!Roles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.", nameof(role));
        if (role == Roles.Rep && repId is null)
            throw new ArgumentException("A Rep token must act for a CRM rep: name the rep by email (--rep-email).", nameof(repId));
        if (role != Roles.Rep && repId is not null)
            throw new ArgumentException($"Only a Rep token names a rep; a {role} token sees every customer.", nameof(repId));
        if (repId is { } id)
        {
            var rep = await db.Reps.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Email, r.Active }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ArgumentException($"There is no CRM rep #{id}.", nameof(repId));
            if (!rep.Active)
                throw new ArgumentException($"The CRM rep {rep.Email} (#{id}) is inactive; a token for them would be refused.", nameof(repId));
        }
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var token = new ApiToken { Name = name, Role = role, RepId = repId, TokenHash = Hash(secret), CreatedAt = time.GetUtcNow() };
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    /// <summary>
    /// The token with this secret if it may be used: not revoked, and for a Rep token, its rep still active (a rep who
    /// left loses their integrations the moment the CRM import marks them inactive). Records when it was last used.
    /// </summary>
    public async Task<ApiTokenCheck> CheckAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
            return ApiTokenCheck.Unknown;
        var hash = Hash(secret);
        var found = await db.Set<ApiToken>().Where(t => t.TokenHash == hash)
            .Select(t => new { Token = t, RepActive = t.Rep == null ? (bool?)null : t.Rep.Active })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
            return ApiTokenCheck.Unknown;
        var token = found.Token;
        if (token.RevokedAt is not null)
            return new ApiTokenCheck(null, $"API token #{token.Id} '{token.Name}' was revoked.");
        if (token.Role == Roles.Rep && token.RepId is null)
            return new ApiTokenCheck(null, $"API token #{token.Id} '{token.Name}' has the Rep role but acts for no rep; issue a new one with --rep-email.");
        if (found.RepActive == false)
            return new ApiTokenCheck(null, $"API token #{token.Id} '{token.Name}' acts for CRM rep #{token.RepId}, who is inactive.");
        token.LastUsedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new ApiTokenCheck(token, null);
    }

    /// <summary>Every token, newest first, with the rep it acts for.</summary>
    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<ApiToken>().AsNoTracking().OrderByDescending(t => t.Id)
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.Role, t.RepId,
                t.Rep == null ? null : t.Rep.Name, t.Rep == null ? null : t.Rep.Email, t.Rep == null ? null : t.Rep.Active,
                t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ApiToken>().Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, time.GetUtcNow()), cancellationToken) > 0;

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
