using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>Copies of the fixture exports that a test may edit, the importer, and a snapshot of every imported table.</summary>
internal sealed class IngestTestKit(TestDatabase database) : IDisposable
{
    public static readonly string[] Tables =
    [
        "erp.customers", "erp.products", "erp.sales_orders", "erp.sales_order_lines", "erp.invoices", "erp.stock_on_hand",
        "erp.incoming_supply", "crm.reps", "crm.accounts", "crm.contacts", "crm.opportunities", "crm.opportunity_lines", "crm.activities",
    ];

    private readonly List<string> _folders = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Ingest", "Fixtures", .. parts]);

    /// <summary>A private copy of a fixture folder (e.g. <c>demo/erp</c>).</summary>
    public string Copy(string fixture)
    {
        var folder = Directory.CreateTempSubdirectory("forecast-ingest-").FullName;
        _folders.Add(folder);
        foreach (var file in Directory.GetFiles(Fixture(fixture.Split('/'))))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }

    public static void Edit(string folder, string file, Func<string, string> change)
    {
        var path = Path.Combine(folder, file);
        File.WriteAllText(path, change(File.ReadAllText(path)));
    }

    public Task<ImportResult> ImportAsync(string mapping, string path) => ImportAsync(ImportMappings.Load(mapping), path);

    public async Task<ImportResult> ImportAsync(ImportMapping mapping, string path)
    {
        await using var context = database.CreateContext();
        var service = new ImportService(database.DataSource, context, Time);
        return await service.ImportAsync(mapping, path, null, CancellationToken.None);
    }

    /// <summary>Every row of every imported table as JSON, in id order: equal snapshots mean nothing changed, not even updated_at.</summary>
    public async Task<List<string>> SnapshotAsync()
    {
        var rows = new List<string>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"SELECT '{table} ' || row_to_json(t)::text FROM {table} t ORDER BY id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(reader.GetString(0));
        }
        return rows;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        var rows = new List<object?[]>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
            Directory.Delete(folder, recursive: true);
    }
}
