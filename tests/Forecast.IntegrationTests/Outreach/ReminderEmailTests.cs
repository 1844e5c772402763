using System.Globalization;
using System.Text;
using Forecast.Core.Outreach;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>The reminders stage end to end: rules on stored predictions, drafts, the outbox, and a real SMTP server on loopback.</summary>
public sealed class ReminderEmailTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private readonly SmtpSink _sink = new();

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _sink.Start();
    }

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private IHost BuildHost(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:FromAddress"] = "forecast@example.com",
            ["Mail:FromName"] = "Forecast",
            ["Reminders:RepLanguageByTeam:Taiwan"] = "zh-TW",
            ["Reminders:PageUrl"] = "https://forecast.example.com/reps/reminders",
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        return TestHost.CreateBuilder(database, settings: settings).Build();
    }

    private static async Task<ReminderBuildSummary> BuildAsync(IHost host, DateOnly asOf)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(asOf, default);
    }

    private static async Task<int> SendAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(default);
    }

    private async Task<ReminderWorld> WorldAsync(Func<ReminderWorld, Task> seed)
    {
        await using var db = database.CreateContext();
        var world = new ReminderWorld(db, Today);
        await seed(world);
        return world;
    }

    /// <summary>The subject as it travelled: 7-bit ASCII with the non-ASCII words as RFC 2047 UTF-8 encoded words.</summary>
    private static void AssertEncodedSubject(MimeMessage message)
    {
        var raw = message.Headers.First(h => h.Id == HeaderId.Subject).RawValue;
        Assert.All(raw, b => Assert.True(b < 128, "the raw Subject header is ASCII"));
        Assert.Contains("=?utf-8?", Encoding.ASCII.GetString(raw), StringComparison.OrdinalIgnoreCase);
    }

    private static string? Language(MimeMessage message) => message.Body?.Headers[HeaderId.ContentLanguage];

    [Fact]
    public async Task BuildAndSend_DeliversOneEmailPerReminderInTheRepsLanguage_WithTheDraftInTheContactsLanguage()
    {
        await WorldAsync(async w =>
        {
            var amy = await w.RepAsync("Amy Lin", "amy@example.com", "Export");
            var wang = await w.RepAsync("王大明", "wang@example.com", "Taiwan");
            var bearing = await w.ProductAsync("Bearing 6204");
            var acme = await w.CustomerAsync("Acme Ltd", amy);
            await w.ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
            await w.PredictAsync(acme, bearing, dueInDays: 5);
            await w.OverdueInvoiceAsync(acme, 1234);
            var taiwan = await w.CustomerAsync("台灣精密股份有限公司", wang);
            await w.ContactAsync(taiwan, "陳小姐", "chen@tw.example", "zh_TW");
            await w.PredictAsync(taiwan, bearing, dueInDays: 3);
        });
        using var host = BuildHost();

        var summary = await BuildAsync(host, Today);
        Assert.Equal(2, summary.Created);
        Assert.Equal(2, summary.RepEmails);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(2, await SendAsync(host));

        var received = await _sink.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, received.Count);
        await using var db = database.CreateContext();
        var reminders = await db.Reminders.OrderBy(r => r.Id).ToListAsync();

        var toAmy = received.Single(m => m.To.Mailboxes.Single().Address == "amy@example.com");
        var acmeReminder = reminders.Single(r => r.CustomerName == "Acme Ltd");
        Assert.Equal("forecast@example.com", toAmy.From.Mailboxes.Single().Address);
        Assert.Equal(Outbox.MessageIdFor(ReminderMailer.ReminderKey(acmeReminder.Id), "forecast.local"), toAmy.MessageId);
        Assert.Equal("Reorder due: Acme Ltd - Bearing 6204", toAmy.Subject);
        Assert.Equal("en", Language(toAmy));
        Assert.Contains("Collect before you sell: 1 overdue invoice(s)", toAmy.TextBody, StringComparison.Ordinal);
        Assert.Contains("Subject: Time to restock Bearing 6204?", toAmy.TextBody, StringComparison.Ordinal);
        Assert.Contains("Dear Jane Doe", toAmy.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://forecast.example.com/reps/reminders/{acmeReminder.Id}", toAmy.TextBody, StringComparison.Ordinal);

        var toWang = received.Single(m => m.To.Mailboxes.Single().Address == "wang@example.com");
        var taiwanReminder = reminders.Single(r => r.CustomerName.StartsWith("台灣", StringComparison.Ordinal));
        Assert.Equal(Outbox.MessageIdFor(ReminderMailer.ReminderKey(taiwanReminder.Id), "forecast.local"), toWang.MessageId);
        Assert.Equal("補貨提醒：台灣精密股份有限公司 - Bearing 6204", toWang.Subject);
        AssertEncodedSubject(toWang);
        Assert.Equal("王大明", toWang.To.Mailboxes.Single().Name);
        Assert.Equal("zh-TW", Language(toWang));
        Assert.Contains("主旨：Bearing 6204 是否需要補貨？", toWang.TextBody, StringComparison.Ordinal);
        Assert.Contains("陳小姐 您好", toWang.TextBody, StringComparison.Ordinal);
        Assert.Equal("zh-TW", taiwanReminder.DraftLanguage);
        Assert.All(reminders, r => Assert.Equal(ReminderStatus.New, r.Status));
    }

    [Fact]
    public async Task Build_MakesNothingNew_WhenRunAgainInTheSameCycle_AndRespectsTheCooldown()
    {
        await WorldAsync(async w =>
        {
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await w.ProductAsync("Bearing 6204", price: 500);
            var seal = await w.ProductAsync("Oil seal", price: 5);
            var acme = await w.CustomerAsync("Acme Ltd", amy);
            await w.ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
            await w.PredictAsync(acme, bearing, dueInDays: 5);
            await w.PredictAsync(acme, seal, dueInDays: 6);
        });
        using var host = BuildHost(new() { ["Reminders:CooldownDays"] = "10" });

        var first = await BuildAsync(host, Today);
        var again = await BuildAsync(host, Today);
        var nextDay = await BuildAsync(host, Today.AddDays(1));
        await SendAsync(host);

        Assert.Equal(1, first.Created); // one per customer per build: the more valuable product
        Assert.Equal(0, again.Created);
        Assert.Equal(0, again.RepEmails);
        Assert.Equal(0, nextDay.Created); // the seal waits: the customer was reminded yesterday
        Assert.Equal(1, nextDay.CoolingDown);
        await using (var db = database.CreateContext())
        {
            Assert.Equal("Bearing 6204", (await db.Reminders.SingleAsync()).ProductName);
            Assert.Single(await db.OutboxMessages.ToListAsync());
        }

        var afterCooldown = await BuildAsync(host, Today.AddDays(10));
        Assert.Equal(1, afterCooldown.Created);
        await SendAsync(host);
        await using (var db = database.CreateContext())
            Assert.Equal(["Bearing 6204", "Oil seal"], await db.Reminders.OrderBy(r => r.Id).Select(r => r.ProductName!).ToListAsync());
        var received = await _sink.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, received.Count);
        Assert.Equal(2, received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Build_WritesNoDraft_WhenEveryContactOptedOut_AndTellsTheRepWhy()
    {
        await WorldAsync(async w =>
        {
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await w.ProductAsync("Bearing 6204");
            var quiet = await w.CustomerAsync("Quiet Co", amy);
            await w.ContactAsync(quiet, "No Mail", "nomail@quiet.example", "en", optedOut: true);
            await w.PredictAsync(quiet, bearing, dueInDays: 2);
        });
        using var host = BuildHost();

        await BuildAsync(host, Today);
        await SendAsync(host);

        await using var db = database.CreateContext();
        var reminder = await db.Reminders.SingleAsync();
        Assert.Equal(ReminderStatus.New, reminder.Status);
        Assert.Null(reminder.DraftSubject);
        Assert.Null(reminder.DraftBody);
        Assert.Null(reminder.ContactEmail);
        Assert.Contains("opted out", reminder.DraftNote, StringComparison.Ordinal);
        var message = Assert.Single(await _sink.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Contains("No draft: Every contact of this customer opted out", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("nomail@quiet.example", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_RecordsEachBadRowAsAClearFailure_AndMailsTheRest()
    {
        await WorldAsync(async w =>
        {
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await w.ProductAsync("Bearing 6204");
            var good = await w.CustomerAsync("Good Co", amy);
            await w.ContactAsync(good, "Jane Doe", "jane@good.example", "en");
            await w.PredictAsync(good, bearing, dueInDays: 2);
            var orphan = await w.CustomerAsync("Orphan Co", owner: null);
            await w.ContactAsync(orphan, "Olly", "olly@orphan.example", "en");
            await w.PredictAsync(orphan, bearing, dueInDays: 2);
            var noEmail = await w.CustomerAsync("No Email Co", amy);
            await w.ContactAsync(noEmail, "Ned", null, "en");
            await w.PredictAsync(noEmail, bearing, dueInDays: 2);
            var injected = await w.CustomerAsync("Injected Co", amy);
            await w.ContactAsync(injected, "Eve\r\nBcc: victim@evil.example", "eve@injected.example", "en");
            await w.PredictAsync(injected, bearing, dueInDays: 2);
            var french = await w.CustomerAsync("Lyon SARL", amy);
            await w.ContactAsync(french, "Marie", "marie@lyon.example", "fr");
            await w.PredictAsync(french, bearing, dueInDays: 2);
        });
        using var host = BuildHost();

        var summary = await BuildAsync(host, Today);
        await SendAsync(host);

        Assert.Equal(5, summary.Created);
        Assert.Equal(4, summary.Failed);
        Assert.Equal(1, summary.WithoutOwner);
        await using var db = database.CreateContext();
        var reminders = await db.Reminders.ToDictionaryAsync(r => r.CustomerName);
        Assert.Equal(ReminderStatus.New, reminders["Good Co"].Status);
        Assert.Contains("no owning rep", reminders["Orphan Co"].FailureReason, StringComparison.Ordinal);
        Assert.Contains("No contact of this customer has an email address", reminders["No Email Co"].FailureReason, StringComparison.Ordinal);
        Assert.Contains("line break (CR/LF)", reminders["Injected Co"].FailureReason, StringComparison.Ordinal);
        Assert.Contains("No 'customer-draft' template in language 'fr'", reminders["Lyon SARL"].FailureReason, StringComparison.Ordinal);
        Assert.All(reminders.Values.Where(r => r.Status == ReminderStatus.Failed), r => Assert.Null(r.OutboxKey));
        var message = Assert.Single(await _sink.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("Reorder due: Good Co - Bearing 6204", message.Subject);
        Assert.DoesNotContain("victim@evil.example", message.ToString(), StringComparison.Ordinal);

        // The next build tries the failed ones again (and records the same reasons: the data is unchanged).
        var failedBefore = reminders.Values.Count(r => r.Status == ReminderStatus.Failed);
        var again = await BuildAsync(host, Today);
        Assert.Equal(failedBefore, again.Retried);
        Assert.Equal(0, again.Created);
    }

    [Fact]
    public async Task Build_RecordsTheUnknownField_WhenAnEditedTemplateNamesOne_AndDraftsTheOtherLanguage()
    {
        var folder = Directory.CreateTempSubdirectory("forecast-templates-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "customer-draft.en.liquid"), "subject: Hello {{ customer.nickname }}\n---\nBody\n");
            await WorldAsync(async w =>
            {
                var amy = await w.RepAsync("Amy Lin", "amy@example.com");
                var bearing = await w.ProductAsync("Bearing 6204");
                var acme = await w.CustomerAsync("Acme Ltd", amy);
                await w.ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
                await w.PredictAsync(acme, bearing, dueInDays: 2);
                var taiwan = await w.CustomerAsync("台灣精密", amy);
                await w.ContactAsync(taiwan, "陳小姐", "chen@tw.example", "zh-TW");
                await w.PredictAsync(taiwan, bearing, dueInDays: 2);
            });
            using var host = BuildHost(new() { ["Outreach:TemplateFolder"] = folder });

            var summary = await BuildAsync(host, Today);

            Assert.Equal(1, summary.Failed);
            await using var db = database.CreateContext();
            var reminders = await db.Reminders.ToDictionaryAsync(r => r.CustomerName);
            Assert.Contains("'customer.nickname'", reminders["Acme Ltd"].FailureReason, StringComparison.Ordinal);
            Assert.Equal(ReminderStatus.New, reminders["台灣精密"].Status);
            Assert.Equal("Bearing 6204 是否需要補貨？", reminders["台灣精密"].DraftSubject);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task BuildAndSend_SendsOneDigestPerRep_WhenARepHasMoreRemindersThanTheThreshold()
    {
        long amyId = 0;
        await WorldAsync(async w =>
        {
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            amyId = amy.Id;
            var wang = await w.RepAsync("王大明", "wang@example.com", "Taiwan");
            var bearing = await w.ProductAsync("Bearing 6204");
            foreach (var name in new[] { "Alpha Ltd", "Beta Ltd", "Gamma Ltd" })
            {
                var customer = await w.CustomerAsync(name, amy);
                await w.ContactAsync(customer, "Buyer", $"buyer@{name[..4].ToLowerInvariant()}.example", "en");
                await w.PredictAsync(customer, bearing, dueInDays: 4);
            }
            foreach (var name in new[] { "台北機械", "台中五金" })
            {
                var customer = await w.CustomerAsync(name, wang);
                await w.ContactAsync(customer, "林先生", $"lin{customer.Erp.Id}@tw.example", "zh-TW");
                await w.PredictAsync(customer, bearing, dueInDays: 4);
            }
        });
        using var host = BuildHost(new() { ["Reminders:DigestThreshold"] = "1" });

        var summary = await BuildAsync(host, Today);
        Assert.Equal(2, summary.Digests);
        Assert.Equal(0, summary.RepEmails);
        Assert.Equal(2, await SendAsync(host));

        var received = await _sink.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, received.Count);
        var toAmy = received.Single(m => m.To.Mailboxes.Single().Address == "amy@example.com");
        Assert.Equal(Outbox.MessageIdFor(ReminderMailer.DigestKey(amyId, Today), "forecast.local"), toAmy.MessageId);
        Assert.Equal("3 reminders for 1 Jun 2026", toAmy.Subject);
        foreach (var name in new[] { "Alpha Ltd", "Beta Ltd", "Gamma Ltd" })
            Assert.Contains($"Reorder due: {name} - Bearing 6204", toAmy.TextBody, StringComparison.Ordinal);
        Assert.Contains("Why now: orders every ~60 days", toAmy.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://forecast.example.com/reps/reminders", toAmy.TextBody, StringComparison.Ordinal);

        var toWang = received.Single(m => m.To.Mailboxes.Single().Address == "wang@example.com");
        Assert.Equal("2026/06/01 的 2 則提醒", toWang.Subject);
        AssertEncodedSubject(toWang);
        Assert.Contains("補貨提醒：台北機械 - Bearing 6204", toWang.TextBody, StringComparison.Ordinal);
        Assert.Contains("提醒原因：", toWang.TextBody, StringComparison.Ordinal);

        await using var db = database.CreateContext();
        Assert.All(await db.Reminders.Where(r => r.RepId == amyId).ToListAsync(), r => Assert.Equal(ReminderMailer.DigestKey(amyId, Today), r.OutboxKey));
    }

    [Fact]
    public async Task Send_KeepsRemindersQueuedWhileSmtpIsDown_ThenDeliversEachOnce()
    {
        await WorldAsync(async w =>
        {
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await w.ProductAsync("Bearing 6204");
            foreach (var name in new[] { "Alpha Ltd", "Beta Ltd" })
            {
                var customer = await w.CustomerAsync(name, amy);
                await w.ContactAsync(customer, "Buyer", $"buyer@{name[..4].ToLowerInvariant()}.example", "en");
                await w.PredictAsync(customer, bearing, dueInDays: 4);
            }
        });
        using var host = BuildHost();
        await BuildAsync(host, Today);
        await _sink.StopAsync();

        await Assert.ThrowsAsync<SmtpUnavailableException>(() => SendAsync(host));
        await Assert.ThrowsAsync<SmtpUnavailableException>(() => BuildAndForceRetryAsync(host));
        await using (var db = database.CreateContext())
            Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal(OutboxStatus.Queued, m.Status));

        _sink.Start();
        await ForceDueAsync();
        Assert.Equal(2, await SendAsync(host));
        Assert.Equal(0, await SendAsync(host));
        var received = await _sink.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, received.Count);
        Assert.Equal(2, received.Select(m => m.MessageId).Distinct().Count());
    }

    /// <summary>Another morning's build (nothing new) and a send after the back-off, while the server is still down.</summary>
    private async Task BuildAndForceRetryAsync(IHost host)
    {
        await BuildAsync(host, Today);
        await ForceDueAsync();
        await SendAsync(host);
    }

    private async Task ForceDueAsync()
    {
        await using var db = database.CreateContext();
        await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
    }
}
