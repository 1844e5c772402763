using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Web;
using Npgsql;

namespace Forecast.IntegrationTests.Cli;

/// <summary>
/// What the CLI prints when piped: one row per line with every cell whole (a table drawn at 80 columns split SKUs
/// over two lines, so grep found nothing), machine formats on request, and the documented exit codes.
/// </summary>
public sealed class CliOutputTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Forecast"] = demo.App.Database.ConnectionString,
        ["DOTNET_ENVIRONMENT"] = "Testing",
    };

    [Fact]
    public async Task AtRisk_Piped_IsOneTabSeparatedRowPerProduct_WithTheTitleOnStandardError()
    {
        var (exit, stdout, stderr) = await CliProcess.RunSplitAsync(Environment(), Timeout, "inventory", "at-risk", "--top", "200");

        Assert.True(exit == 0, stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("SKU\tFamily\tSupplier\tP(short in LT)\tStock-out\tCover (d)\tOn hand\tIncoming\tOrder\tOrder by", lines[0]);
        var total = int.Parse(Regex.Match(stderr, @"\((\d+) products\)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(total > 10, stderr);
        Assert.Equal(total, lines.Count - 1);
        Assert.All(lines, l => Assert.Equal(10, l.Split('\t').Length));
        // Each row's first cell is a whole SKU of the world: a grep for it finds its line.
        var skus = demo.World.Products.Select(p => p.Sku).ToHashSet(StringComparer.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Contains(l.Split('\t')[0], skus));
        Assert.Contains("At risk first", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("─", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtRisk_AsJson_HasNumbersAsNumbers_AndCsvHasAHeaderAndARowPerProduct()
    {
        var (exit, json, stderr) = await CliProcess.RunSplitAsync(Environment(), Timeout, "inventory", "at-risk", "--top", "200", "--format", "json");
        Assert.True(exit == 0, json + stderr);
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.True(rows.Count > 10, json);
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("On hand").ValueKind));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.String, r.GetProperty("SKU").ValueKind));

        var (csvExit, csv, csvErr) = await CliProcess.RunSplitAsync(Environment(), Timeout, "inventory", "at-risk", "--top", "200", "--format", "csv");
        Assert.True(csvExit == 0, csv + csvErr);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("SKU,Family,Supplier,", lines[0], StringComparison.Ordinal);
        Assert.Equal(rows.Count + 1, lines.Length);
    }

    [Fact]
    public async Task UsageErrors_ExitWith2_InWords_WithoutDotNetTypeNames()
    {
        var (exit, stdout, stderr) = await CliProcess.RunSplitAsync(Environment(), Timeout, "inventory", "at-risk", "--top", "many");

        Assert.Equal(2, exit);
        Assert.Contains("'many'", stderr, StringComparison.Ordinal);
        Assert.Contains("as a whole number", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("forecast inventory at-risk --help", stderr, StringComparison.Ordinal);

        var (unknown, _, unknownErr) = await CliProcess.RunSplitAsync(Environment(), Timeout, "inventroy");
        Assert.Equal(2, unknown);
        Assert.Contains("inventroy", unknownErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnmigratedDatabase_Exits1_WithTheCommandToRun_AndNoStackTrace()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        var name = $"forecast_it_bare_{Guid.NewGuid():N}"[..28];
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        server.Database = name;
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Forecast"] = server.ConnectionString, ["DOTNET_ENVIRONMENT"] = "Testing" };

        int exit;
        string stdout, stderr;
        try
        {
            (exit, stdout, stderr) = await CliProcess.RunSplitAsync(environment, Timeout, "outbox", "list");
        }
        finally
        {
            await using var admin = new NpgsqlConnection(TestDatabase.ServerConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, exit);
        Assert.Contains("forecast db migrate", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
    }
}
