using Forecast.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Forecast.Cli;

/// <summary>Builds the same service graph as the web host for one command, then runs the command's body in a scope.</summary>
internal static class CliHost
{
    public static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        // The console is for the command's own progress and summary; logs only say when something is wrong.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // EF logs a failed probe of the migrations table on an empty database as an error; the command says what happened.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);
        builder.AddForecastCore();
        return builder;
    }

    public static IHost Build() => CreateBuilder().Build();

    public static Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        RunAsync(CreateBuilder(), body, cancellationToken);

    public static async Task<int> RunAsync(HostApplicationBuilder builder, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider, cancellationToken);
    }
}
