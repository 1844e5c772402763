using System.Globalization;
using Forecast.Core.Access;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// The real web app on Kestrel with the development mail sink on (as scripts/demo.sh runs it), over a private database
/// seeded with two reps, one reminder each (built by the real reminders stage), and logins for both reps and an admin.
/// </summary>
public sealed class ReminderWebApp : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 6, 1);

    private WebApp App { get; } = new();
    public TestDatabase Database => App.Database;
    public Uri BaseAddress => App.BaseAddress;
    public IServiceProvider Services => App.Services;
    public IssuedLogin Admin => App.Logins[Roles.Admin];
    public IssuedLogin Amy { get; private set; } = null!;
    public IssuedLogin Wang { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.Settings["Mail:DevSink:Enabled"] = "true";
        App.Settings["Mail:DevSink:SendEverySeconds"] = "1";
        App.Settings["Mail:Host"] = "127.0.0.1";
        App.Settings["Mail:Port"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        App.Settings["Reminders:RepLanguageByTeam:Taiwan"] = "zh-TW";
        App.Settings["Reminders:PageUrl"] = $"{BaseAddress}reps/reminders";
        await App.InitializeAsync();

        long amyId, wangId;
        await using (var db = Database.CreateContext())
        {
            var (amy, wang) = await new ReminderWorld(db, Today).TwoRepsWithReordersDueAsync("Export", "Taiwan");
            (amyId, wangId) = (amy.Id, wang.Id);
        }
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(Today, default);
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Amy = await users.CreateOrResetAsync("amy@example.com", "Amy Lin", Roles.Rep, amyId);
        Wang = await users.CreateOrResetAsync("wang@example.com", "王大明", Roles.Rep, wangId);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
