using Forecast.Core;
using Microsoft.Extensions.Options;
using Npgsql;
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
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Query", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.Critical);
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
        try
        {
            return await body(scope.ServiceProvider, cancellationToken);
        }
        catch (Exception e) when (DatabaseProblem(e) is { } advice)
        {
            await Console.Error.WriteLineAsync($"error: {advice}");
            return ExitCodes.Failed;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"error: the configuration is not valid: {string.Join(" ", e.Failures)}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The database problems a user fixes with a setting or one command, in words and with that command; null for
    /// anything else (a bug: its stack trace is worth having).
    /// </summary>
    public static string? DatabaseProblem(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn } pg =>
            $"the database schema is missing or older than this version ({pg.MessageText}). Run 'forecast db migrate' first.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg =>
            $"the database does not exist ({pg.MessageText}). Create it or fix ConnectionStrings__Forecast, then run 'forecast db migrate'.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
            $"the database refused the login ({pg.MessageText}). Check the user and password in ConnectionStrings__Forecast.",
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException } n =>
            $"the database server did not answer ({n.InnerException!.Message}). Check that PostgreSQL runs and ConnectionStrings__Forecast points at it.",
        InvalidOperationException { InnerException: { } inner } => DatabaseProblem(inner),
        _ when e.InnerException is NpgsqlException inner => DatabaseProblem(inner),
        _ => null,
    };
}
