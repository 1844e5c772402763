using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.Outreach;
using Forecast.Core.Demand;
using Forecast.Core.Opportunities;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Forecast.Core;

/// <summary>The composition root both hosts (web and CLI) call, so a stage run by hand is the stage the scheduler runs.</summary>
public static class ForecastCoreRegistration
{
    public static IHostApplicationBuilder AddForecastCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((o, config) =>
            {
                o.ConnectionString = config.GetConnectionString("Forecast") ?? o.ConnectionString;
                config.GetSection("Database").Bind(o);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var dataSource = new NpgsqlDataSourceBuilder(db.ConnectionString);
            return dataSource.Build();
        });
        services.AddDbContext<ForecastDbContext>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            ConfigureDbContext(options, sp.GetRequiredService<NpgsqlDataSource>(), db.CommandTimeoutSeconds);
        });
        JobsRegistration.AddPipeline(services);
        Outbound.OutboundRegistration.AddOutbound(services);
        OutreachRegistration.AddOutreach(services);
        services.AddScoped<ImportService>();
        services.AddScoped<ImportHistory>();
        services.AddScoped<RunHistory>();
        services.AddOptions<Formatting.MoneyOptions>().BindConfiguration(Formatting.MoneyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImportLimits>().BindConfiguration(ImportLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DropFolderOptions>().BindConfiguration("Ingest").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IPipelineStage, DropFolderStage>();
        services.AddCustomers();
        services.AddScoped<CustomerView.CustomerQueries>();
        services.AddScoped<CustomerView.DealQueries>();
        Assistant.AssistantRegistration.AddAssistant(services);
        InventoryRegistration.AddInventory(services);
        ErpSync.ErpSyncRegistration.AddErpSync(services);
        services.AddDemand();
        Accuracy.AccuracyRegistration.AddAccuracy(services);
        Profitability.ProfitabilityRegistration.AddProfitability(services);
        Pricing.PricingRegistration.AddPricing(services);
        services.AddOpportunities();
        services.AddReorder();
        return builder;
    }

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, int commandTimeoutSeconds) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.CommandTimeout(commandTimeoutSeconds).MigrationsHistoryTable("__ef_migrations_history", "core"))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(commandTimeoutSeconds).MigrationsHistoryTable("__ef_migrations_history", "core"))
            .UseSnakeCaseNamingConvention();
}
