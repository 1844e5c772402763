using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Opportunities;

/// <summary>The opportunities feature: win probability and pipeline demand.</summary>
public static class OpportunitiesRegistration
{
    public static IServiceCollection AddOpportunities(this IServiceCollection services)
    {
        services.AddOptions<WinProbabilityStageOptions>()
            .Configure<IConfiguration>((o, config) => config.GetSection(WinProbabilityStageOptions.Section).Bind(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<WinProbabilityJob>();
        services.AddScoped<PipelineQueries>();
        services.AddScoped<Jobs.IPipelineStage, WinProbabilityStage>();
        return services;
    }
}
