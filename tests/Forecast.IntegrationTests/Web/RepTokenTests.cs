using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// API tokens that act for one rep: when they stop working (revoked, the rep inactive), what issuing refuses, and the
/// CLI that issues and lists them, and a Rep token on the reminders pages. Its own web app and database, because these tests deactivate reps (the shared
/// <see cref="DemoWebApp"/> is read only); what a working rep token may see is in <see cref="RepScopeTests"/>.
/// </summary>
public sealed class RepTokenTests(WebApp app) : IClassFixture<WebApp>
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(2);

    /// <summary>An active CRM rep who owns <paramref name="customers"/> unified customers, with unique keys per call.</summary>
    private async Task<(Rep Rep, List<long> CustomerIds)> RepWithCustomersAsync(int customers)
    {
        var key = Guid.NewGuid().ToString("N")[..10];
        await using var db = app.Database.CreateContext();
        var rep = new Rep { Name = $"Rep {key}", Email = $"{key}@reps.test", SourceSystem = "crm", SourceKey = $"rep-{key}", UpdatedAt = DateTimeOffset.UtcNow };
        db.Reps.Add(rep);
        var unified = new List<UnifiedCustomer>();
        for (var i = 0; i < customers; i++)
        {
            var erp = new ErpCustomer { Code = $"C-{key}-{i}", Name = $"Customer {key} {i}", SourceSystem = "erp", SourceKey = $"c-{key}-{i}", UpdatedAt = DateTimeOffset.UtcNow };
            unified.Add(new UnifiedCustomer { DisplayName = erp.Name, ErpCustomer = erp, OwnerRep = rep, UpdatedAt = DateTimeOffset.UtcNow });
        }
        db.UnifiedCustomers.AddRange(unified);
        await db.SaveChangesAsync();
        return (rep, unified.Select(c => c.Id).Order().ToList());
    }

    private static async Task<List<long>> ListedIdsAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/customers?take=500");
        return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order().ToList();
    }

    private async Task<(ApiToken Token, string Secret)> IssueAsync(string role, long? repId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync("rep-token-test", role, repId, default);
    }

    private Dictionary<string, string> CliEnvironment() => new()
    {
        ["ConnectionStrings__Forecast"] = app.Database.ConnectionString,
        ["DOTNET_ENVIRONMENT"] = "Testing",
    };

    [Fact]
    public async Task RepToken_ListsOnlyItsRepsCustomers_WhenAnotherRepAlsoOwnsSome()
    {
        var (mine, myCustomers) = await RepWithCustomersAsync(3);
        var (_, theirCustomers) = await RepWithCustomersAsync(2);
        var (_, secret) = await IssueAsync(Roles.Rep, mine.Id);
        using var client = app.CreateClient(secret);

        Assert.Equal(myCustomers, await ListedIdsAsync(client));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/customers/{myCustomers[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/customers/{theirCustomers[0]}")).StatusCode);
    }

    [Fact]
    public async Task RepToken_IsRefusedWith401_WhenRevoked()
    {
        var (rep, customers) = await RepWithCustomersAsync(1);
        var (token, secret) = await IssueAsync(Roles.Rep, rep.Id);
        using var client = app.CreateClient(secret);
        Assert.Equal(customers, await ListedIdsAsync(client));

        await using (var scope = app.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync(token.Id, default));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/customers/{customers[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/reps/customers/{customers[0]}")).StatusCode);
    }

    [Fact]
    public async Task RepToken_IsRefusedWith401_WhenItsRepBecomesInactive_AndWorksAgainWhenReactivated()
    {
        var (rep, customers) = await RepWithCustomersAsync(2);
        var (_, secret) = await IssueAsync(Roles.Rep, rep.Id);
        using var client = app.CreateClient(secret);
        Assert.Equal(customers, await ListedIdsAsync(client));

        await using (var db = app.Database.CreateContext())
            await db.Reps.Where(r => r.Id == rep.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Active, false));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/reps/customers/{customers[0]}")).StatusCode);

        // The check is made on every request, not when the token was issued.
        await using (var db = app.Database.CreateContext())
            await db.Reps.Where(r => r.Id == rep.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Active, true));
        Assert.Equal(customers, await ListedIdsAsync(client));
    }

    [Fact]
    public async Task RepToken_SeesItsRepsReminders_AndGets404OnAnotherRepsReminder()
    {
        var today = new DateOnly(2026, 6, 1);
        long amyId, mine, theirs;
        await using (var db = app.Database.CreateContext())
        {
            var (amy, _) = await new ReminderWorld(db, today).TwoRepsWithReordersDueAsync();
            amyId = amy.Id;
        }
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(today, default);
        await using (var db = app.Database.CreateContext())
        {
            mine = await db.Reminders.Where(r => r.CustomerName == "Acme Ltd").Select(r => r.Id).SingleAsync();
            theirs = await db.Reminders.Where(r => r.CustomerName == "台灣精密").Select(r => r.Id).SingleAsync();
        }
        var (_, secret) = await IssueAsync(Roles.Rep, amyId);
        using var client = app.CreateClient(secret);

        var list = await client.GetStringAsync("/reps/reminders");
        Assert.Contains($"id=\"reminder-{mine}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"reminder-{theirs}\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/reps/reminders/{mine}")).StatusCode);
        var other = await client.GetAsync($"/reps/reminders/{theirs}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("台灣精密", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlannerToken_StillSeesEveryCustomer_WhileRepTokensAreScoped()
    {
        var (_, first) = await RepWithCustomersAsync(1);
        var (_, second) = await RepWithCustomersAsync(1);
        using var client = app.CreateClient(await app.IssueTokenAsync(Roles.Planner));

        var ids = await ListedIdsAsync(client);

        Assert.Contains(first[0], ids);
        Assert.Contains(second[0], ids);
    }

    [Fact]
    public async Task Issue_Throws_WhenARepTokenNamesNoRep()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => IssueAsync(Roles.Rep, null));
        Assert.Contains("--rep-email", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Planner)]
    [InlineData(Roles.Admin)]
    public async Task Issue_Throws_WhenAPlannerOrAdminTokenNamesARep(string role)
    {
        var (rep, _) = await RepWithCustomersAsync(0);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => IssueAsync(role, rep.Id));
        Assert.Contains("Only a Rep token names a rep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_Throws_WhenTheRepIsInactive()
    {
        var (rep, _) = await RepWithCustomersAsync(0);
        await using (var db = app.Database.CreateContext())
            await db.Reps.Where(r => r.Id == rep.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Active, false));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => IssueAsync(Roles.Rep, rep.Id));
        Assert.Contains("inactive", error.Message, StringComparison.Ordinal);
        await using (var db = app.Database.CreateContext())
            Assert.False(await db.ApiTokens.AnyAsync(t => t.RepId == rep.Id));
    }

    [Fact]
    public async Task FindRepId_TakesTheActiveRep_WhenALeaverAndTheirReturnShareAnEmail()
    {
        var (left, _) = await RepWithCustomersAsync(0);
        await using (var db = app.Database.CreateContext())
        {
            await db.Reps.Where(r => r.Id == left.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Active, false));
            var back = new Rep { Name = left.Name, Email = left.Email, SourceSystem = "crm", SourceKey = $"{left.SourceKey}-back", UpdatedAt = DateTimeOffset.UtcNow };
            db.Reps.Add(back);
            await db.SaveChangesAsync();

            await using var scope = app.Services.CreateAsyncScope();
            Assert.Equal(back.Id, await scope.ServiceProvider.GetRequiredService<UserAdministration>().FindRepIdAsync(left.Email, default));
        }
    }

    [Fact]
    public async Task CliIssue_PrintsATokenThatSeesTheRepsCustomers_AndListShowsIt()
    {
        var (rep, customers) = await RepWithCustomersAsync(2);
        var name = $"outlook-{Guid.NewGuid():N}"[..16];

        var (exit, output) = await CliProcess.RunAsync(CliEnvironment(), CliTimeout, "tokens", "issue", "--name", name, "--role", "Rep", "--rep-email", rep.Email);

        Assert.True(exit == 0, output);
        var secret = output.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Single(w => w.StartsWith("fct_", StringComparison.Ordinal));
        using var client = app.CreateClient(secret);
        Assert.Equal(customers, await ListedIdsAsync(client));

        var (listExit, list) = await CliProcess.RunAsync(CliEnvironment(), CliTimeout, "tokens", "list");
        Assert.True(listExit == 0, list);
        Assert.True(list.Contains(name, StringComparison.Ordinal), list);
        var row = list.Split('\n').Single(l => l.Contains(name, StringComparison.Ordinal));
        Assert.Contains(rep.Email, row, StringComparison.Ordinal);
        Assert.Contains("Rep", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliIssue_FailsWithWhatToDo_WhenNoRepHasTheEmail()
    {
        var (exit, output) = await CliProcess.RunAsync(CliEnvironment(), CliTimeout, "tokens", "issue", "--name", "x", "--role", "Rep", "--rep-email", "nobody@reps.test");

        Assert.Equal(1, exit);
        Assert.Contains("no CRM rep has the email 'nobody@reps.test'", output, StringComparison.Ordinal);
        Assert.Contains("forecast import crm", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fct_", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliIssue_Fails_WhenARepTokenNamesNoRep()
    {
        var (exit, output) = await CliProcess.RunAsync(CliEnvironment(), CliTimeout, "tokens", "issue", "--name", "x", "--role", "Rep");

        Assert.Equal(1, exit);
        Assert.Contains("--rep-email", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fct_", output, StringComparison.Ordinal);
    }
}
