using System.Globalization;
using Forecast.Core;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respawn;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>
/// A private database on the real PostgreSQL server for one test class: created and migrated once,
/// emptied between tests with Respawn (Hangfire's schema and the migrations history are kept), dropped at the end.
/// Classes run in parallel without seeing each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private Respawner? _respawner;
    private NpgsqlDataSource? _dataSource;

    public string ConnectionString { get; private set; } = "";
    public string DatabaseName { get; } = $"forecast_it_{Guid.NewGuid():N}"[..24];

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Database not initialised.");

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("FORECAST_TEST_CONNECTION")
        ?? Environment.GetEnvironmentVariable("ConnectionStrings__Forecast")
        ?? throw new InvalidOperationException(
            "Integration tests need PostgreSQL: run scripts/test.sh (it provisions one), or set FORECAST_TEST_CONNECTION to a role that may CREATE DATABASE.");

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        server.Database = DatabaseName;
        ConnectionString = server.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using (var context = CreateContext())
            await context.Database.MigrateAsync();

        await using var connection = await _dataSource.OpenConnectionAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToExclude = ["hangfire"],
            TablesToIgnore = [new Respawn.Graph.Table("core", "__ef_migrations_history")],
            WithReseed = true,
        });
    }

    public ForecastDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<ForecastDbContext>();
        ForecastCoreRegistration.ConfigureDbContext(options, DataSource, 600);
        return new ForecastDbContext(options.Options);
    }

    /// <summary>Empties every table so the next test seeds its own rows.</summary>
    public async Task ResetAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await _respawner!.ResetAsync(connection);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        // FORCE ends our own sessions, but it is refused while an autovacuum worker or a half-open backend is
        // attached and the role lacks pg_signal_backend (scripts grant it; a user's own server may not), or when
        // a session takes longer than 5 s to exit on a loaded machine: both pass within seconds, so try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var admin = new NpgsqlConnection(ServerConnectionString);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (attempt < 10 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"Could not drop the test database {DatabaseName} ({e.SqlState}: {e.MessageText}).", e);
            }
        }
    }
}
