using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Forecast.Core.Outreach.CrmSync;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Forecast.IntegrationTests.Outreach.CrmSync;

/// <summary>
/// A CRM on a loopback port (Kestrel): checks each request's signature, records the keys of each batch and answers what
/// the test scripted (then 200).
/// </summary>
internal sealed class CrmReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();

    public const string Secret = "a-test-secret-of-some-length";
    public int Port { get; } = LoopbackPort.Free();
    public ConcurrentQueue<(int Status, string[] Keys)> Requests { get; } = new();
    public int BadSignatures;
    public TimeSpan Delay { get; set; }

    public CrmReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/activities", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            if (context.Request.Headers[CrmWebhook.SignatureHeader].ToString() != CrmWebhook.Sign(body, Secret))
            {
                Interlocked.Increment(ref BadSignatures);
                return Results.StatusCode(401);
            }
            using var json = JsonDocument.Parse(body);
            var keys = json.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("key").GetString()!).ToArray();
            var status = _script.TryDequeue(out var s) ? s : 200;
            Requests.Enqueue((status, keys));
            if (Delay > TimeSpan.Zero)
                await Task.Delay(Delay);
            return Results.StatusCode(status);
        });
    }

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/activities";

    public void Answer(params int[] statuses)
    {
        foreach (var s in statuses)
            _script.Enqueue(s);
    }

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The CRM activity webhook against a real HTTP receiver: signed batches, at-least-once, idempotent by key.</summary>
public sealed class CrmWebhookTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly CrmReceiver _receiver = new();

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private IHost Host(Web.MovableClock clock, int timeoutSeconds = 30) => CrmFlowWorld.Host(database, clock, new Dictionary<string, string?>
    {
        ["Crm:ActivityWebhook:Url"] = _receiver.Url,
        ["Crm:ActivityWebhook:Secret"] = CrmReceiver.Secret,
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

        await Assert.ThrowsAsync<CrmWebhookUnavailableException>(() => DeliverAsync(host));
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

        await Assert.ThrowsAsync<CrmWebhookUnavailableException>(() => DeliverAsync(host));
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
