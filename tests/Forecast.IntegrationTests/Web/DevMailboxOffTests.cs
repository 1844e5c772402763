using System.Net;
using Forecast.Core.Access;
using Forecast.IntegrationTests.Infrastructure;
using Npgsql;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// The demo mail sink's storage is not the product's (issue 14): a migrated database has no mailbox table, and with the
/// sink off (production) the admin mailbox page says so instead of reading a table that does not exist.
/// </summary>
public sealed class DevMailboxOffTests(WebApp app) : IClassFixture<WebApp>
{
    [Fact]
    public async Task MailboxPage_SaysTheSinkIsOff_AndTheDatabaseHasNoMailboxTable_WhenTheSinkIsDisabled()
    {
        var login = app.Logins[Roles.Admin];
        using var client = await SignedInClient.CreateAsync(app, login.Email, login.Password);

        var response = await client.GetAsync("/admin/mailbox");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"sink-off\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE table_schema = 'devsink' OR table_name LIKE '%mailbox%'), count(*) FROM information_schema.tables " +
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", connection);
        await using var reader = await tables.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(0, reader.GetInt64(0));
        Assert.True(reader.GetInt64(1) > 20, $"only {reader.GetInt64(1)} tables: the database was not migrated");
    }
}
