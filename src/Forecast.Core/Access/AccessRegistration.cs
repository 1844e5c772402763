using Forecast.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Access;

public static class AccessRegistration
{
    /// <summary>Identity stores without sign-in (for the CLI). The web host calls AddIdentity instead, which brings sign-in too.</summary>
    public static IServiceCollection AddForecastUserStore(this IServiceCollection services)
    {
        services.AddIdentityCore<ForecastUser>(ConfigurePasswords)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ForecastDbContext>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<RepAccess>();
        return services;
    }

    public static void ConfigurePasswords(IdentityOptions o)
    {
        // Length over composition rules (NIST SP 800-63B): generated passwords are 16 random characters.
        o.Password.RequiredLength = 12;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireDigit = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireLowercase = false;
        o.Lockout.MaxFailedAccessAttempts = 10;
        o.User.RequireUniqueEmail = true;
    }
}
