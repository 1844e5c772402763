using Forecast.Core.Outreach;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Outreach;

public sealed class OutboxSenderTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly SmtpSink _sink = new();

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _sink.Start();
    }

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private IHost BuildHost(int? port = null) => TestHost.CreateBuilder(database, settings: new Dictionary<string, string?>
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = (port ?? _sink.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:FromAddress"] = "forecast@example.com",
        ["Mail:BatchSize"] = "3",
    }).Build();

    private static async Task EnqueueAsync(IHost host, params OutgoingMail[] mails)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        foreach (var mail in mails)
            await outbox.EnqueueAsync(mail, default);
    }

    private static async Task<int> SendAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(default);
    }

    private static OutgoingMail Mail(int i, string? to = null) =>
        new($"test:{i}", "test", to ?? $"rep{i}@example.com", $"Rep {i}", $"提醒 {i}: 客戶即將補貨", $"Body {i}");

    [Fact]
    public async Task SendDueAsync_DeliversEachMessageWithItsStableMessageIdAndUtf8Subject()
    {
        using var host = BuildHost();
        await EnqueueAsync(host, Enumerable.Range(1, 7).Select(i => Mail(i)).ToArray());

        Assert.Equal(7, await SendAsync(host));

        var received = await _sink.WaitForAsync(7, TimeSpan.FromSeconds(10));
        Assert.Equal(7, received.Count);
        var first = received.Single(m => m.To.Mailboxes.Single().Address == "rep1@example.com");
        Assert.Equal("提醒 1: 客戶即將補貨", first.Subject);
        Assert.Equal(Outbox.MessageIdFor("test:1", "forecast.local"), first.MessageId);
        await using var db = database.CreateContext();
        Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    [Fact]
    public async Task EnqueueAsync_KeepsOneMessage_WhenTheSameKeyIsEnqueuedTwice()
    {
        using var host = BuildHost();
        await EnqueueAsync(host, Mail(1), Mail(1));
        await SendAsync(host);
        await SendAsync(host);

        Assert.Single(await _sink.WaitForAsync(1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task SendDueAsync_FailsOnlyTheRefusedMessage_AndSendsTheRestOfTheBatch()
    {
        _sink.RefuseRecipient("rep2@example.com");
        using var host = BuildHost();
        await EnqueueAsync(host, Mail(1), Mail(2), Mail(3));

        Assert.Equal(2, await SendAsync(host));

        await using var db = database.CreateContext();
        var refused = await db.OutboxMessages.SingleAsync(m => m.Key == "test:2");
        Assert.Equal(OutboxStatus.Failed, refused.Status);
        Assert.StartsWith("550", refused.LastResult);
        Assert.Equal(2, (await _sink.WaitForAsync(2, TimeSpan.FromSeconds(5))).Count);
    }

    [Theory]
    [InlineData(null, "No recipient address")]
    [InlineData("rep@example.com\r\nBcc: victim@example.com", "line break")]
    [InlineData("not-an-address", "not a valid email address")]
    public async Task EnqueueAsync_RecordsAFailureWithTheReason_WhenTheRecipientIsUnusable(string? to, string reason)
    {
        using var host = BuildHost();
        await EnqueueAsync(host, new OutgoingMail("bad", "test", to ?? "", "Name", "Subject", "Body"), Mail(9));

        Assert.Equal(1, await SendAsync(host));

        await using var db = database.CreateContext();
        var bad = await db.OutboxMessages.SingleAsync(m => m.Key == "bad");
        Assert.Equal(OutboxStatus.Failed, bad.Status);
        Assert.Contains(reason, bad.LastResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_RefusesAHeaderInjection_InTheDisplayName()
    {
        using var host = BuildHost();
        await EnqueueAsync(host, new OutgoingMail("inject", "test", "rep@example.com", "Rep\nBcc: victim@example.com", "Subject", "Body"));
        await SendAsync(host);

        await using var db = database.CreateContext();
        Assert.Equal(OutboxStatus.Failed, (await db.OutboxMessages.SingleAsync()).Status);
        Assert.Empty(_sink.Received);
    }

    [Fact]
    public async Task SendDueAsync_KeepsMessagesQueued_WhileTheServerIsDown_AndSendsThemOnceItIsBack()
    {
        await _sink.StopAsync();
        using var host = BuildHost();
        await EnqueueAsync(host, Mail(1), Mail(2));

        await Assert.ThrowsAsync<SmtpUnavailableException>(() => SendAsync(host));
        await using (var db = database.CreateContext())
        {
            var waiting = await db.OutboxMessages.ToListAsync();
            Assert.All(waiting, m => Assert.Equal(OutboxStatus.Queued, m.Status));
            Assert.All(waiting, m => Assert.True(m.NextAttemptAt > DateTimeOffset.UtcNow, "a failed attempt backs off"));
            Assert.All(waiting, m => Assert.Contains("unreachable", m.LastResult, StringComparison.Ordinal));
            // Time passes: the back-off is over.
            await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        _sink.Start();
        Assert.Equal(2, await SendAsync(host));
        Assert.Equal(0, await SendAsync(host));
        Assert.Equal(2, (await _sink.WaitForAsync(2, TimeSpan.FromSeconds(5))).Count);
    }
}
