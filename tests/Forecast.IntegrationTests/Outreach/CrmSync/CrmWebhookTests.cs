using System.Globalization;
using Forecast.Core.Outbound;
using Forecast.Core.Outreach.CrmSync;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Outreach.CrmSync;

/// <summary>The CRM activity webhook against a real HTTP receiver: signed batches, at-least-once, idempotent by key.</summary>
public sealed class CrmWebhookTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    // A CRM on a loopback port that records the keys of each batch.
    private readonly WebhookReceiver _receiver = new("/activities", json => json.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("key").GetString()!).ToArray());

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private IHost Host(Web.MovableClock clock, int timeoutSeconds = 30) => CrmFlowWorld.Host(database, clock, new Dictionary<string, string?>
    {
        ["Crm:ActivityWebhook:Url"] = _receiver.Url,
        ["Crm:ActivityWebhook:Secret"] = WebhookReceiver.Secret,
        ["Crm:ActivityWebhook:BatchSize"] = "2",
        ["Crm:ActivityWebhook:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
    });

    private static async Task<int> DeliverAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CrmWebhook>().DeliverDueAsync(default);
    }

    private async Task<List<CrmActivityDelivery>> DeliveriesAsync()
    {
        await using var db = database.CreateContext();
        return await db.Set<CrmActivityDelivery>().AsNoTracking().OrderBy(d => d.ReminderActionId).ToListAsync();
    }

    [Fact]
    public async Task DeliverDueAsync_DeliversEveryActionOnce_AndResendsOnlyTheBatchThatGotA500()
    {
        var clock = CrmFlowWorld.ClockAt(CrmFlowWorld.Today);
        using var host = Host(clock);
        var (sent, dismissed, snoozed) = await CrmFlowWorld.SeedAndActAsync(database, host);
        _receiver.Answer(500);

        await Assert.ThrowsAsync<WebhookUnavailableException>(() => DeliverAsync(host));
        Assert.Equal(1, await DeliverAsync(host)); // the failed batch waits out its back-off; the rest goes on
        clock.UtcNow = clock.UtcNow.AddMinutes(1);
        Assert.Equal(2, await DeliverAsync(host));
        clock.UtcNow = clock.UtcNow.AddHours(2);
        Assert.Equal(0, await DeliverAsync(host));

        string[] first = [$"reminder-action:{sent}", $"reminder-action:{dismissed}"];
        Assert.Equal([(500, first), (200, [$"reminder-action:{snoozed}"]), (200, first)], _receiver.Requests.ToArray());
        var acknowledged = _receiver.Requests.Where(r => r.Status == 200).SelectMany(r => r.Keys).ToList();
        Assert.Equal(acknowledged.Distinct(), acknowledged);
        Assert.Equal(0, _receiver.BadSignatures);
        Assert.All(await DeliveriesAsync(), d => Assert.NotNull(d.DeliveredAt));
    }

    [Fact]
    public async Task DeliverDueAsync_RecordsA400AndNeverRetries()
    {
        var clock = CrmFlowWorld.ClockAt(CrmFlowWorld.Today);
        using var host = Host(clock);
        await CrmFlowWorld.SeedAndActAsync(database, host);
        _receiver.Answer(400);

        Assert.Equal(1, await DeliverAsync(host)); // the first batch refused, the second delivered
        clock.UtcNow = clock.UtcNow.AddHours(2);
        Assert.Equal(0, await DeliverAsync(host));

        Assert.Equal([400, 200], _receiver.Requests.Select(r => r.Status));
        var deliveries = await DeliveriesAsync();
        Assert.All(deliveries.Take(2), d =>
        {
            Assert.Null(d.DeliveredAt);
            Assert.NotNull(d.GaveUpAt);
            Assert.StartsWith("400", d.LastError, StringComparison.Ordinal);
            Assert.Equal(1, d.Attempts);
        });
        Assert.NotNull(deliveries[2].DeliveredAt);
    }

    [Fact]
    public async Task DeliverDueAsync_ResendsTheSameKeys_WhenTheReceiverGotThemButTheAnswerNeverCame()
    {
        var clock = CrmFlowWorld.ClockAt(CrmFlowWorld.Today);
        using var host = Host(clock, timeoutSeconds: 1);
        await CrmFlowWorld.SeedAndActAsync(database, host);
        _receiver.Delay = TimeSpan.FromSeconds(3);

        await Assert.ThrowsAsync<WebhookUnavailableException>(() => DeliverAsync(host));
        _receiver.Delay = TimeSpan.Zero;
        clock.UtcNow = clock.UtcNow.AddMinutes(1);
        Assert.Equal(3, await DeliverAsync(host));

        var requests = _receiver.Requests.ToArray();
        Assert.Equal(requests[0].Keys, requests[1].Keys);
        Assert.Equal(3, requests.Skip(1).SelectMany(r => r.Keys).Distinct().Count());
    }

    [Fact]
    public async Task DeliverDueAsync_ResendsAClaimedBatch_WhoseSenderDiedBeforeMarkingIt()
    {
        var clock = CrmFlowWorld.ClockAt(CrmFlowWorld.Today);
        using var host = Host(clock);
        await CrmFlowWorld.SeedAndActAsync(database, host);
        Assert.Equal(3, await DeliverAsync(host));
        // As if a sender had claimed and posted two actions, then died before marking them delivered.
        await using (var db = database.CreateContext())
        {
            var now = clock.GetUtcNow();
            await db.Set<CrmActivityDelivery>().Take(2).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeliveredAt, (DateTimeOffset?)null).SetProperty(d => d.ClaimedAt, now));
        }

        Assert.Equal(0, await DeliverAsync(host)); // the claim still holds
        clock.UtcNow = clock.UtcNow.AddMinutes(11);
        Assert.Equal(2, await DeliverAsync(host));
        Assert.All(await DeliveriesAsync(), d => Assert.NotNull(d.DeliveredAt));
    }
}
