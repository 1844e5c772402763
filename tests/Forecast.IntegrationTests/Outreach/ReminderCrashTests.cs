using System.Globalization;
using Forecast.Core.Outreach;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// The reminders are built by the real CLI (<c>forecast reminders build</c>), then sent by <c>forecast outbox send</c>
/// processes killed with SIGKILL mid-batch, several times: every reminder email arrives, under its stable Message-Id.
/// </summary>
public sealed class ReminderCrashTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    [Fact]
    public async Task Send_DeliversEveryReminderUnderItsMessageId_WhenTheSenderIsKilledRepeatedly()
    {
        await database.ResetAsync();
        await using var sink = new SmtpSink().Start();
        sink.SlowDown(TimeSpan.FromMilliseconds(20));
        await using (var db = database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var bearing = await w.ProductAsync("Bearing 6204");
            for (var r = 0; r < 20; r++)
            {
                var rep = await w.RepAsync($"Rep {r}", $"rep{r}@example.com", r % 2 == 0 ? "Taiwan" : "Export");
                for (var c = 0; c < 2; c++)
                {
                    var customer = await w.CustomerAsync($"Customer {r}-{c}", rep);
                    await w.ContactAsync(customer, $"Buyer {r}-{c}", $"buyer{r}-{c}@example.net", c == 0 ? "zh-TW" : "en");
                    await w.PredictAsync(customer, bearing, dueInDays: 3);
                }
            }
        }
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Forecast"] = database.ConnectionString,
            ["Mail__Host"] = "127.0.0.1",
            ["Mail__Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail__BatchSize"] = "8",
            ["Reminders__RepLanguageByTeam__Taiwan"] = "zh-TW",
        };

        var (built, buildText) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(5), "reminders", "build", "--as-of", "2026-06-01");
        Assert.True(built == 0, buildText);
        Assert.Contains("40 single, 0 digest(s)", buildText, StringComparison.Ordinal);

        var kills = await SenderKiller.KillSendersAsync(database, sink, environment, rounds: 5, seed: 20260601, maxDelayMs: 100);
        var (exit, text) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(5), "outbox", "send");
        Assert.True(exit == 0, text);

        await using var check = database.CreateContext();
        var reminders = await check.Reminders.AsNoTracking().ToListAsync();
        Assert.Equal(40, reminders.Count);
        var expected = reminders.Select(r => Outbox.MessageIdFor(ReminderMailer.ReminderKey(r.Id), "forecast.local")).ToHashSet();
        var received = sink.Received;
        var distinct = received.Select(m => m.MessageId ?? "").ToHashSet();
        output.WriteLine($"kills: {kills}, raw deliveries: {received.Count}, distinct Message-Ids: {distinct.Count}");
        Assert.True(kills >= 3, $"only {kills} kills landed while sending");
        Assert.True(expected.SetEquals(distinct), "every reminder arrives, and nothing else");
        // At most the message in flight at each kill is delivered twice, with the same Message-Id.
        Assert.True(received.Count - distinct.Count <= kills, $"{received.Count - distinct.Count} duplicate deliveries for {kills} kills");
        Assert.All(await check.OutboxMessages.ToListAsync(), m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.Equal(20, received.Where(m => (m.Subject ?? "").StartsWith("補貨提醒", StringComparison.Ordinal)).Select(m => m.MessageId).Distinct().Count());

        // The list shows one rep's reminders only.
        var (listed, list) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(1), "reminders", "list", "--rep", "rep3@example.com");
        Assert.True(listed == 0, list);
        Assert.Contains("Customer 3-0", list, StringComparison.Ordinal);
        Assert.Contains("Customer 3-1", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Customer 4-0", list, StringComparison.Ordinal);
        Assert.Contains("orders every ~60 days", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ExitsWithWhatToDo_WhenThereAreNoPredictionsYet()
    {
        await database.ResetAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Forecast"] = database.ConnectionString };

        var (exit, text) = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(1), "reminders", "build", "--as-of", "2026-06-01");

        Assert.Equal(1, exit);
        Assert.Contains("No reorder predictions yet", text, StringComparison.Ordinal);
        Assert.Contains("forecast run", text, StringComparison.Ordinal);
    }
}
