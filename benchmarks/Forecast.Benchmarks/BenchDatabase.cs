using Npgsql;

namespace Forecast.Benchmarks;

/// <summary>A benchmark's own database on the configured server, made anew for each run and dropped after it.</summary>
internal static class BenchDatabase
{
    public static async Task RecreateAsync(string serverConnection, string database, CancellationToken cancellationToken)
    {
        await DropAsync(serverConnection, database, cancellationToken);
        await ExecuteAsync(serverConnection, $"CREATE DATABASE {database}", cancellationToken);
    }

    public static Task DropAsync(string serverConnection, string database, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        return ExecuteAsync(serverConnection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<string> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(cancellationToken))?.ToString() ?? "";
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
