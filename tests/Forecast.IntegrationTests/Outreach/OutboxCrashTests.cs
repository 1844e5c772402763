using Forecast.Core.Outreach;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>The sender is a separate `forecast outbox send` process, killed with SIGKILL at random moments.</summary>
public sealed class OutboxCrashTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task SendDueAsync_LosesNothingAndDeliversEachMessageIdOnce_WhenTheSenderIsKilledRepeatedly()
    {
        await database.ResetAsync();
        await using var sink = new SmtpSink().Start();
        sink.SlowDown(TimeSpan.FromMilliseconds(15));
        const int messages = 80;
        using (var host = TestHost.CreateBuilder(database).Build())
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            for (var i = 0; i < messages; i++)
                await outbox.EnqueueAsync(new OutgoingMail($"reminder:{i}", "reminder", $"rep{i % 7}@example.com", null, $"Reminder {i}", "body"), default);
        }

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Forecast"] = database.ConnectionString,
            ["Mail__Host"] = "127.0.0.1",
            ["Mail__Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail__BatchSize"] = "10",
        };
        var kills = await SenderKiller.KillSendersAsync(database, sink, environment, rounds: 6, seed: 20261127, maxDelayMs: 120);
        var (exit, text) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(2), "outbox", "send");
        Assert.True(exit == 0, text);

        var received = sink.Received;
        var distinct = received.Select(m => m.MessageId ?? "").Distinct().ToList();
        var expected = Enumerable.Range(0, messages).Select(i => Outbox.MessageIdFor($"reminder:{i}", "forecast.local")).ToHashSet();
        output.WriteLine($"kills: {kills}, raw deliveries: {received.Count}, distinct Message-Ids: {distinct.Count}");
        Assert.True(kills >= 3, $"only {kills} kills landed while sending");
        Assert.True(expected.SetEquals(distinct), "every message arrives, and nothing else");
        // A crash can leave at most the one message in flight in doubt; it is re-sent with the same Message-Id.
        Assert.True(received.Count - distinct.Count <= kills, $"{received.Count - distinct.Count} duplicate deliveries for {kills} kills");
        await using var check = database.CreateContext();
        Assert.All(await check.OutboxMessages.ToListAsync(), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }
}
