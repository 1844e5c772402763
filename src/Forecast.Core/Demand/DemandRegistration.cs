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
        services.AddScoped<Jobs.IPipelineStage, DemandStage>();
        // The inventory stage reads these forecasts (order history stands in for products without one).
        services.AddScoped<Inventory.OrderHistoryDemandSource>();
        services.AddScoped<Inventory.IDemandForecastSource, DemandTableForecastSource>();
        return services;
    }
}
