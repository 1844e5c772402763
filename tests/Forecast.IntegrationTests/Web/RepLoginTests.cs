using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// A rep's login (the sign-in form and its cookie) ends when the CRM marks the rep inactive, as a Rep API token does
/// (<see cref="RepTokenTests"/>): sign-in is refused with a message, a cookie already held stops working on the next
/// request, and reactivating the rep restores access. Planners are unaffected. Its own web app and database, because
/// these tests deactivate reps.
/// </summary>
public sealed class RepLoginTests(WebApp app) : IClassFixture<WebApp>
{
    private const string InactiveEnglish = "Your CRM rep record is inactive: ask an admin.";
    private const string InactiveChinese = "您在 CRM 的業務代表資料已停用，請洽系統管理員。";
    private const string WrongPassword = "Wrong email or password, or too many failed attempts";

    private sealed record RepUser(long RepId, long CustomerId, IssuedLogin Login);

    /// <summary>An active CRM rep who owns one customer, and a login with <paramref name="role"/> tied to that rep.</summary>
    private async Task<RepUser> RepUserAsync(string role = Roles.Rep)
    {
        var key = Guid.NewGuid().ToString("N")[..10];
        long repId, customerId;
        await using (var db = app.Database.CreateContext())
        {
            var rep = new Rep { Name = $"Rep {key}", Email = $"{key}@reps.test", SourceSystem = "crm", SourceKey = $"rep-{key}", UpdatedAt = DateTimeOffset.UtcNow };
            var erp = new ErpCustomer { Code = $"C-{key}", Name = $"Customer {key}", SourceSystem = "erp", SourceKey = $"c-{key}", UpdatedAt = DateTimeOffset.UtcNow };
            var customer = new UnifiedCustomer { DisplayName = erp.Name, ErpCustomer = erp, OwnerRep = rep, UpdatedAt = DateTimeOffset.UtcNow };
            db.UnifiedCustomers.Add(customer);
            await db.SaveChangesAsync();
            (repId, customerId) = (rep.Id, customer.Id);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var login = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateOrResetAsync($"{role.ToLowerInvariant()}-{key}@users.test", $"User {key}", role, repId);
        return new RepUser(repId, customerId, login);
    }

    private async Task SetActiveAsync(long repId, bool active)
    {
        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.Reps.Where(r => r.Id == repId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Active, active)));
    }

    private Task<HttpClient> SignedInAsync(RepUser user) => SignedInClient.CreateAsync(app, user.Login.Email, user.Login.Password);

    private static async Task<List<long>> ListedIdsAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/customers?take=500");
        return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
    }

    private static async Task<string> TextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static void AssertSentToLogin(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("forecast.auth=", StringComparison.Ordinal));

    [Fact]
    public async Task SignIn_IsRefusedWithTheInactiveMessage_WhenTheRepIsInactive()
    {
        var user = await RepUserAsync();
        await SetActiveAsync(user.RepId, false);
        using var client = SignedInClient.CreateAnonymous(app);

        using var response = await SignedInClient.PostLoginAsync(client, user.Login.Email, user.Login.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TextAsync(response);
        Assert.Contains(InactiveEnglish, page, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, page, StringComparison.Ordinal);
        Assert.False(SetsAuthCookie(response));
        AssertSentToLogin(await client.GetAsync($"/reps/customers/{user.CustomerId}"));
    }

    [Fact]
    public async Task SignIn_ShowsTheInactiveMessageInTraditionalChinese_WhenTheBrowserAsksForZhTw()
    {
        var user = await RepUserAsync();
        await SetActiveAsync(user.RepId, false);
        using var client = SignedInClient.CreateAnonymous(app);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-TW");

        using var response = await SignedInClient.PostLoginAsync(client, user.Login.Email, user.Login.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TextAsync(response);
        Assert.Contains(InactiveChinese, page, StringComparison.Ordinal);
        Assert.DoesNotContain(InactiveEnglish, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_IsRefusedWithTheInactiveMessage_WhenARepUserIsTiedToNoRep()
    {
        var user = await RepUserAsync();
        await using (var db = app.Database.CreateContext())
            Assert.Equal(1, await db.Users.Where(u => u.Email == user.Login.Email).ExecuteUpdateAsync(s => s.SetProperty(u => u.RepId, (long?)null)));
        using var client = SignedInClient.CreateAnonymous(app);

        using var response = await SignedInClient.PostLoginAsync(client, user.Login.Email, user.Login.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(InactiveEnglish, await TextAsync(response), StringComparison.Ordinal);
        Assert.False(SetsAuthCookie(response));
    }

    [Fact]
    public async Task SignIn_SaysOnlyWrongPassword_WhenTheRepIsInactiveAndThePasswordIsWrong()
    {
        var user = await RepUserAsync();
        await SetActiveAsync(user.RepId, false);
        using var client = SignedInClient.CreateAnonymous(app);

        using var response = await SignedInClient.PostLoginAsync(client, user.Login.Email, user.Login.Password + "x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TextAsync(response);
        Assert.Contains(WrongPassword, page, StringComparison.Ordinal);
        Assert.DoesNotContain(InactiveEnglish, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInRep_IsSentToLoginOnPages_AndGets401OnTheApi_OnceTheRepIsInactive()
    {
        var user = await RepUserAsync();
        var colleague = await RepUserAsync();
        using var pages = await SignedInAsync(user);
        using var api = await SignedInAsync(user);
        using var colleagueClient = await SignedInAsync(colleague);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync($"/reps/customers/{user.CustomerId}")).StatusCode);
        Assert.Equal([user.CustomerId], await ListedIdsAsync(api));

        await SetActiveAsync(user.RepId, false);

        using var page = await pages.GetAsync($"/reps/customers/{user.CustomerId}");
        AssertSentToLogin(page);
        // Signed out, not only refused once: the browser is told to drop the cookie.
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("forecast.auth=;", StringComparison.Ordinal)
            && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        AssertSentToLogin(await pages.GetAsync("/reps/reminders"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/customers/{user.CustomerId}")).StatusCode);
        // Another rep, still active, keeps their session.
        Assert.Equal(HttpStatusCode.OK, (await colleagueClient.GetAsync($"/reps/customers/{colleague.CustomerId}")).StatusCode);
        Assert.Equal([colleague.CustomerId], await ListedIdsAsync(colleagueClient));
    }

    [Fact]
    public async Task Rep_SignsInAndSeesTheirCustomerAgain_WhenTheRepIsReactivated()
    {
        var user = await RepUserAsync();
        using var idle = await SignedInAsync(user);
        await SetActiveAsync(user.RepId, false);
        using (var refused = SignedInClient.CreateAnonymous(app))
            Assert.Equal(HttpStatusCode.OK, (await SignedInClient.PostLoginAsync(refused, user.Login.Email, user.Login.Password)).StatusCode);

        await SetActiveAsync(user.RepId, true);

        using var client = await SignedInAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/reps/customers/{user.CustomerId}")).StatusCode);
        Assert.Equal([user.CustomerId], await ListedIdsAsync(client));
        // The rep is checked on each request, as for a token: a cookie not used while the rep was inactive works again.
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync($"/reps/customers/{user.CustomerId}")).StatusCode);
    }

    [Fact]
    public async Task Planner_SignsInAndStaysSignedIn_WhenTheRepTheirAccountNamesIsInactive()
    {
        var planner = await RepUserAsync(Roles.Planner);
        var other = await RepUserAsync();
        var standard = app.Logins[Roles.Planner];
        using var standardClient = await SignedInClient.CreateAsync(app, standard.Email, standard.Password);
        await SetActiveAsync(planner.RepId, false);
        await SetActiveAsync(other.RepId, false);

        using var client = await SignedInAsync(planner);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/planner")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/reps/customers/{other.CustomerId}")).StatusCode);
        var ids = await ListedIdsAsync(client);
        Assert.Contains(planner.CustomerId, ids);
        Assert.Contains(other.CustomerId, ids);
        Assert.Equal(HttpStatusCode.OK, (await standardClient.GetAsync("/planner")).StatusCode);
        Assert.Contains(other.CustomerId, await ListedIdsAsync(standardClient));
    }

    [Fact]
    public async Task CliUsersAdd_WarnsThatTheLoginIsRefused_WhenTheRepIsInactive()
    {
        var key = Guid.NewGuid().ToString("N")[..10];
        await using (var db = app.Database.CreateContext())
        {
            db.Reps.Add(new Rep { Name = $"Rep {key}", Email = $"{key}@reps.test", SourceSystem = "crm", SourceKey = $"rep-{key}", Active = false, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Forecast"] = app.Database.ConnectionString, ["DOTNET_ENVIRONMENT"] = "Testing" };

        var (exit, output) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(2), "users", "add", "--email", $"{key}@users.test", "--role", "Rep", "--rep-email", $"{key}@reps.test");

        Assert.True(exit == 0, output);
        Assert.Contains($"warning: the CRM rep '{key}@reps.test' is inactive", output, StringComparison.Ordinal);
        var password = output.Split("password: ")[1].Split('\n')[0].Trim();
        using var client = SignedInClient.CreateAnonymous(app);
        using var response = await SignedInClient.PostLoginAsync(client, $"{key}@users.test", password);
        Assert.Contains(InactiveEnglish, await TextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookieCheck_QueriesTheDatabaseOnce_TheStampForAPlanner_AndTheStampWithTheRepForARep()
    {
        var rep = await RepUserAsync();
        var planner = app.Logins[Roles.Planner];
        using var repClient = await SignedInAsync(rep);
        using var plannerClient = await SignedInClient.CreateAsync(app, planner.Email, planner.Password);
        using var commands = new DatabaseCommands(new NpgsqlConnectionStringBuilder(app.Database.ConnectionString).Database!);

        // /api/me reads only the caller's claims: any SQL during it comes from authentication.
        Assert.Equal(HttpStatusCode.OK, (await plannerClient.GetAsync("/api/me")).StatusCode);
        var plannerSql = commands.Take();
        Assert.Equal(HttpStatusCode.OK, (await repClient.GetAsync("/api/me")).StatusCode);
        var repSql = commands.Take();

        // The security stamp (a signed-out session is refused at once, SignOutTests), in one primary-key query.
        var plannerLookup = Assert.Single(plannerSql);
        Assert.Contains("identity.\"AspNetUsers\"", plannerLookup, StringComparison.Ordinal);
        Assert.DoesNotContain("crm.reps", plannerLookup, StringComparison.Ordinal);
        var repLookup = Assert.Single(repSql);
        Assert.Contains("crm.reps", repLookup, StringComparison.Ordinal);
        Assert.Contains("identity.\"AspNetUsers\"", repLookup, StringComparison.Ordinal);
    }

    /// <summary>The SQL EF Core sends to one database, seen through its DiagnosticSource events (other test classes use other databases).</summary>
    private sealed class DatabaseCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly ConcurrentQueue<string> _seen = new();
        private readonly List<IDisposable> _subscriptions = [];

        public DatabaseCommands(string database)
        {
            _database = database;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public List<string> Take()
        {
            var taken = new List<string>();
            while (_seen.TryDequeue(out var sql))
                taken.Add(sql);
            return taken;
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                    _subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData { Command: var command }
                && command.Connection?.Database == _database)
                _seen.Enqueue(command.CommandText);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions)
                _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
