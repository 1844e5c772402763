using System.Security.Cryptography;
using System.Text;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Access;

/// <summary>Issues, checks and revokes API tokens.</summary>
public sealed class ApiTokens(ForecastDbContext db, TimeProvider time)
{
    private const string Prefix = "fct_";

    /// <summary>Creates a token and returns its secret, which is not stored and cannot be shown again.</summary>
    public async Task<(ApiToken Token, string Secret)> IssueAsync(string name, string role, CancellationToken cancellationToken)
    {
        if (!Roles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.", nameof(role));
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var token = new ApiToken { Name = name, Role = role, TokenHash = Hash(secret), CreatedAt = time.GetUtcNow() };
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    /// <summary>The live token with this secret, or null. Records when it was last used.</summary>
    public async Task<ApiToken?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var hash = Hash(secret);
        var token = await db.Set<ApiToken>().SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, cancellationToken);
        if (token is not null)
        {
            token.LastUsedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return token;
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ApiToken>().Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, time.GetUtcNow()), cancellationToken) > 0;

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
