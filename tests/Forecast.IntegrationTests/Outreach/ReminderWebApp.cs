using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Forecast.Core.Access;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// The real web app on Kestrel with the development mail sink on (as scripts/demo.sh runs it), over a private database
/// seeded with two reps, one reminder each (built by the real reminders stage), and logins for both reps and an admin.
/// </summary>
public sealed class ReminderWebApp : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 6, 1);
    private WebApplicationFactory<Program>? _factory;

    public TestDatabase Database { get; } = new();
    public int Port { get; } = FreePort();
    public int SmtpPort { get; } = FreePort();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public IssuedLogin Admin { get; private set; } = null!;
    public IssuedLogin Amy { get; private set; } = null!;
    public IssuedLogin Wang { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseUrls($"http://127.0.0.1:{Port}");
            web.UseSetting("ConnectionStrings:Forecast", Database.ConnectionString);
            web.UseSetting("Schedule:RunWorkerInWeb", "false");
            web.UseSetting("Mail:DevSink:Enabled", "true");
            web.UseSetting("Mail:DevSink:SendEverySeconds", "1");
            web.UseSetting("Mail:Host", "127.0.0.1");
            web.UseSetting("Mail:Port", SmtpPort.ToString(CultureInfo.InvariantCulture));
            web.UseSetting("Reminders:RepLanguageByTeam:Taiwan", "zh-TW");
            web.UseSetting("Reminders:PageUrl", $"{BaseAddress}reps/reminders");
        });
        _factory.UseKestrel();
        _factory.StartServer();

        long amyId, wangId;
        await using (var db = Database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com", "Export");
            var wang = await w.RepAsync("王大明", "wang@example.com", "Taiwan");
            var bearing = await w.ProductAsync("Bearing 6204");
            var acme = await w.CustomerAsync("Acme Ltd", amy);
            await w.ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
            await w.PredictAsync(acme, bearing, dueInDays: 5);
            var taiwan = await w.CustomerAsync("台灣精密", wang);
            await w.ContactAsync(taiwan, "陳小姐", "chen@tw.example", "zh-TW");
            await w.PredictAsync(taiwan, bearing, dueInDays: 4);
            (amyId, wangId) = (amy.Id, wang.Id);
        }
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(Today, default);
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Admin = await users.CreateOrResetAsync("admin@test.local", "Test Admin", Roles.Admin, null);
        Amy = await users.CreateOrResetAsync("amy@example.com", "Amy Lin", Roles.Rep, amyId);
        Wang = await users.CreateOrResetAsync("wang@example.com", "王大明", Roles.Rep, wangId);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
