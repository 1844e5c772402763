using Forecast.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>The production composition root pointed at a test database, with test-specific services added on top.</summary>
public static class TestHost
{
    public static HostApplicationBuilder CreateBuilder(TestDatabase database, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Forecast"] = database.ConnectionString,
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddForecastCore();
        configure?.Invoke(builder.Services);
        return builder;
    }
}
