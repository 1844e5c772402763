using Npgsql;

namespace Forecast.Core.Ingest;

/// <summary>Import statements run as long as the data needs (a multi-gigabyte file); cancellation stops them.</summary>
internal static class ImportSql
{
    public static NpgsqlCommand Command(string sql, NpgsqlConnection connection) => new(sql, connection) { CommandTimeout = 0 };
}
