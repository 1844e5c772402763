using Forecast.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Inventory;

/// <summary>The inventory feature's services; called from <see cref="ForecastCoreRegistration.AddForecastCore"/>.</summary>
public static class InventoryRegistration
{
    public static void AddInventory(IServiceCollection services)
    {
        services.AddOptions<InventoryOptions>().BindConfiguration("Inventory").ValidateDataAnnotations().ValidateOnStart();
        // The stock projection reads the demand stage's published forecasts; order history stands in for products
        // the demand stage has no forecast for. A test may register its own source after this one (the last one wins).
        services.AddScoped<OrderHistoryDemandSource>();
        services.AddScoped<IDemandForecastSource, DemandTableForecastSource>();
        services.AddScoped<InventoryStage>();
        services.AddScoped<IPipelineStage>(sp => sp.GetRequiredService<InventoryStage>());
        services.AddScoped<InventoryQueries>();
        services.AddScoped<PlannerQueries>();
        services.AddScoped<SupplierOrders>();
        services.AddScoped<PurchaseOrderMessageQueries>();
        services.AddScoped<PlanningSettings>();
        services.AddScoped<ForecastOverrides>();
        services.AddScoped<PurchaseProposals>();
    }
}
