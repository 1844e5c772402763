using System.Diagnostics;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Outreach;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// An edited template that loops, grows or reads a file fails its own reminders, with the reason, and nothing else: the
/// build ends in moments, the other language's drafts are made, and the next build starts at once. Before the sandbox
/// the loop took 97 s and 8.85 GB, and the include aborted the build and blocked the next one for the 30-minute lease.
/// </summary>
public sealed class HostileTemplateTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-hostile-").FullName;

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private IHost BuildHost()
    {
        var builder = TestHost.CreateBuilder(database, settings: new Dictionary<string, string?>
        {
            ["Outreach:TemplateFolder"] = _folder,
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:FromAddress"] = "forecast@example.com",
        });
        InlinePipeline.Register(builder.Services);
        return builder.Build();
    }

    private static Task<PipelineRun> BuildRemindersAsync(IHost host) =>
        host.Services.GetRequiredService<InlinePipeline>().RunAsync(Today, [RemindersStage.StageName], "test", null, null, default);

    [Theory]
    [InlineData("{% for i in (1..100000000) %}x{% endfor %}", "the range (1..100000000) has more than 100,000 items")]
    [InlineData("{% assign s = \"0123456789\" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", "is over 65,536 characters")]
    [InlineData("{% include \"/etc/passwd\" %}", "uses 'include' at (3:1): templates cannot read other files")]
    public async Task RemindersBuild_FailsOnlyTheDraftsOfTheHostileTemplate_AndTheNextBuildStartsAtOnce(string body, string reason)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "customer-draft.en.liquid"), $"subject: Restock?\n---\n{body}\n");
        await using (var db = database.CreateContext())
        {
            var world = new ReminderWorld(db, Today);
            var amy = await world.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await world.ProductAsync("Bearing 6204");
            var acme = await world.CustomerAsync("Acme Ltd", amy);
            await world.ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
            await world.PredictAsync(acme, bearing, dueInDays: 2);
            var taiwan = await world.CustomerAsync("台灣精密", amy);
            await world.ContactAsync(taiwan, "陳小姐", "chen@tw.example", "zh-TW");
            await world.PredictAsync(taiwan, bearing, dueInDays: 2);
        }
        using var host = BuildHost();
        var clock = Stopwatch.StartNew();

        var run = await BuildRemindersAsync(host);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the build took {clock.Elapsed}");
        Assert.Equal(RunStatus.Succeeded, run.Status);
        await using (var db = database.CreateContext())
        {
            var reminders = await db.Reminders.ToDictionaryAsync(r => r.CustomerName);
            Assert.Equal(ReminderStatus.Failed, reminders["Acme Ltd"].Status);
            Assert.Contains(reason, reminders["Acme Ltd"].FailureReason, StringComparison.Ordinal);
            Assert.Null(reminders["Acme Ltd"].DraftBody);
            Assert.Equal(ReminderStatus.New, reminders["台灣精密"].Status);
            Assert.Equal("Bearing 6204 是否需要補貨？", reminders["台灣精密"].DraftSubject);
            Assert.DoesNotContain(await db.Reminders.Select(r => r.FailureReason).ToListAsync(), r => r != null && r.Contains("root:", StringComparison.Ordinal));
        }

        // The failed reminder is tried again by the next build, which nothing holds back.
        var next = await BuildRemindersAsync(host);
        Assert.Equal(RunStatus.Succeeded, next.Status);
        Assert.Equal(1, host.Services.GetRequiredService<LastReminderBuild>().Summary!.Retried);
    }

    [Fact]
    public async Task RemindersBuild_RecordsTheProblemOnTheRepsEmail_WhenTheRepTemplateIncludesAFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "rep-reminder.en.liquid"), "subject: Reminder\n---\n{% include '../../../etc/passwd' %}\n");
        await using (var db = database.CreateContext())
        {
            var world = new ReminderWorld(db, Today);
            var amy = await world.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await world.ProductAsync("Bearing 6204");
            var acme = await world.CustomerAsync("Acme Ltd", amy);
            await world.ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
            await world.PredictAsync(acme, bearing, dueInDays: 2);
        }
        using var host = BuildHost();

        var run = await BuildRemindersAsync(host);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        await using var check = database.CreateContext();
        var reminder = await check.Reminders.SingleAsync();
        Assert.Equal(ReminderStatus.New, reminder.Status);
        Assert.Equal("Time to restock Bearing 6204?", reminder.DraftSubject);
        var mail = await check.OutboxMessages.SingleAsync();
        Assert.Equal(OutboxStatus.Failed, mail.Status);
        Assert.Contains("uses 'include' at (3:1): templates cannot read other files", mail.LastResult, StringComparison.Ordinal);
    }
}
