using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Demand;

/// <summary>Services of the demand stage.</summary>
public static class DemandRegistration
{
    public static IServiceCollection AddDemand(this IServiceCollection services)
    {
        services.AddOptions<DemandOptions>()
            .Configure<IConfiguration>((o, config) => config.GetSection("Demand").Bind(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<DemandForecastJob>();
        services.AddScoped<DemandQueries>();
        services.AddScoped<DemandCvExport>();
        services.AddScoped<Jobs.IPipelineStage, DemandStage>();
        return services;
    }
}
