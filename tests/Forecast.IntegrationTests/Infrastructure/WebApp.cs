using Forecast.Core.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>
/// The real web app on Kestrel (a real port, so a real browser can reach it) over a private test database,
/// with one login per role. Hangfire workers are off: tests enqueue and inspect, they do not race a scheduler.
/// </summary>
public sealed class WebApp : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public TestDatabase Database { get; } = new();
    public int Port { get; } = LoopbackPort.Free();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public Dictionary<string, IssuedLogin> Logins { get; } = [];

    /// <summary>More configuration for the app (e.g. the mail sink); fill it before <see cref="InitializeAsync"/>.</summary>
    /// <remarks>
    /// Every test signs in from 127.0.0.1, and a class signs in dozens of times: the per-address sign-in limit is
    /// lifted here; <c>SignInThrottleTests</c> sets its own small limit.
    /// </remarks>
    public Dictionary<string, string> Settings { get; } = new() { ["SignInThrottle:PermitLimit"] = "100000" };

    /// <summary>Service changes for the app (e.g. a test-only route); fill it before <see cref="InitializeAsync"/>.</summary>
    public List<Action<IServiceCollection>> ServiceChanges { get; } = [];

    /// <summary>Pins the app's clock (before <see cref="InitializeAsync"/>): pages and jobs read this time, not the machine's.</summary>
    public void UseClock(TimeProvider clock) => ServiceChanges.Add(services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton(clock);
    });

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseUrls($"http://127.0.0.1:{Port}");
            // UseSetting, unlike ConfigureAppConfiguration, is visible while Program.cs composes the app.
            web.UseSetting("ConnectionStrings:Forecast", Database.ConnectionString);
            web.UseSetting("Schedule:RunWorkerInWeb", "false");
            foreach (var (key, value) in Settings)
                web.UseSetting(key, value);
            web.ConfigureServices(services => ServiceChanges.ForEach(change => change(services)));
        });
        _factory.UseKestrel();
        _factory.StartServer();
        await SeedLoginsAsync();
    }

    /// <summary>Creates (or resets) the standard logins; call again after a database reset.</summary>
    public async Task SeedLoginsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Logins[Roles.Admin] = await admin.CreateOrResetAsync("admin@test.local", "Test Admin", Roles.Admin, null);
        Logins[Roles.Planner] = await admin.CreateOrResetAsync("planner@test.local", "Test Planner", Roles.Planner, null);
    }

    public HttpClient CreateClient(string? bearerToken = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (bearerToken is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    /// <summary>A new API token's secret; a Rep token acts for <paramref name="repId"/>.</summary>
    public async Task<string> IssueTokenAsync(string role, long? repId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync($"test-{role}", role, repId, default)).Secret;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
