using System.Security.Cryptography;
using Forecast.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Access;

public sealed record IssuedLogin(string Email, string DisplayName, string Role, string Password);

/// <summary>Creates users and roles. There is no default password anywhere: every password is generated and shown once.</summary>
public sealed class UserAdministration(UserManager<ForecastUser> users, RoleManager<IdentityRole> roles, ForecastDbContext db)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
        }
    }

    /// <summary>Creates the user, or resets the password of an existing one. Returns the login to hand over.</summary>
    public async Task<IssuedLogin> CreateOrResetAsync(string email, string displayName, string role, long? repId, string? password = null)
    {
        if (!Roles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.", nameof(role));
        if (role == Roles.Rep && repId is null)
            throw new ArgumentException("A Rep user must be tied to a CRM rep (by the rep's email).", nameof(repId));
        await EnsureRolesAsync();
        password ??= GeneratePassword();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ForecastUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, RepId = repId };
            Check(await users.CreateAsync(user, password), $"create user {email}");
        }
        else
        {
            user.DisplayName = displayName;
            user.RepId = repId;
            Check(await users.UpdateAsync(user), $"update user {email}");
            Check(await users.RemovePasswordAsync(user), $"reset password of {email}");
            Check(await users.AddPasswordAsync(user, password), $"reset password of {email}");
        }
        if (!await users.IsInRoleAsync(user, role))
            Check(await users.AddToRoleAsync(user, role), $"give {email} the role {role}");
        return new IssuedLogin(email, displayName, role, password);
    }

    /// <summary>
    /// The demo's users: an admin, a planner, and one login per active CRM rep who owns customers, each with a fresh
    /// random password (printed by the demo command; nothing is a default).
    /// </summary>
    public async Task<IReadOnlyList<IssuedLogin>> CreateDemoUsersAsync(CancellationToken cancellationToken)
    {
        var logins = new List<IssuedLogin>
        {
            await CreateOrResetAsync("admin@demo.local", "Demo Admin", Roles.Admin, null),
            await CreateOrResetAsync("planner@demo.local", "Demo Planner", Roles.Planner, null),
        };
        var reps = await db.Reps.AsNoTracking().Where(r => r.Active && r.Email != "")
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        foreach (var rep in reps)
            logins.Add(await CreateOrResetAsync(rep.Email, rep.Name, Roles.Rep, rep.Id));
        return logins;
    }

    /// <summary>The CRM rep with this email; when several rows share it (a rep who left and came back), the active one.</summary>
    public async Task<long?> FindRepIdAsync(string repEmail, CancellationToken cancellationToken) =>
        await db.Reps.Where(r => r.Email == repEmail).OrderByDescending(r => r.Active).ThenBy(r => r.Id)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>16 characters from an alphabet without look-alikes (0/O, 1/l).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
