using Forecast.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forecast.Core.Inventory;

/// <summary>The inventory feature's services; called from <see cref="ForecastCoreRegistration.AddForecastCore"/>.</summary>
public static class InventoryRegistration
{
    public static void AddInventory(IServiceCollection services)
    {
        services.AddOptions<InventoryOptions>().BindConfiguration("Inventory").ValidateDataAnnotations().ValidateOnStart();
        // Until the demand stage's forecast table is wired in, forecasts come from order history. Any other registration
        // (the demand forecast table, a test's own source) wins: made before, it stops this one; made after, it is the last.
        services.TryAddScoped<IDemandForecastSource, OrderHistoryDemandSource>();
        services.AddScoped<InventoryStage>();
        services.AddScoped<IPipelineStage>(sp => sp.GetRequiredService<InventoryStage>());
        services.AddScoped<InventoryQueries>();
        services.AddScoped<PlannerQueries>();
    }
}
