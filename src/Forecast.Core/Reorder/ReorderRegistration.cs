using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Reorder;

/// <summary>The reorder stage's services: its options and its two jobs.</summary>
public static class ReorderRegistration
{
    public static IServiceCollection AddReorder(this IServiceCollection services)
    {
        services.AddOptions<ReorderOptions>()
            .BindConfiguration(ReorderOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<ReorderModelJob>();
        services.AddScoped<ReorderPredictionJob>();
        services.AddScoped<Jobs.IPipelineStage, ReorderStage>();
        return services;
    }
}
