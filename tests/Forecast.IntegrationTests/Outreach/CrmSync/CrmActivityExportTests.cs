using System.Text;
using Forecast.Core.Outreach.CrmSync;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using nietras.SeparatedValues;

namespace Forecast.IntegrationTests.Outreach.CrmSync;

/// <summary>The CRM activity file: one row per rep action with its stable key, written before anything is marked exported.</summary>
public sealed class CrmActivityExportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-export-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task<(string? Path, int Count)> ExportAsync(IHost host, string directory, DateOnly? since = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CrmActivities>().ExportToDirectoryAsync(directory, since, default);
    }

    private static List<Dictionary<string, string>> Rows(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        var rows = new List<Dictionary<string, string>>();
        var names = reader.Header.ColNames.ToList();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>();
            foreach (var n in names)
                values[n] = row[n].ToString();
            rows.Add(values);
        }
        return rows;
    }

    [Fact]
    public async Task ExportToDirectoryAsync_WritesOneEscapedRowPerAction_WithTheRepsAccount_AndNeverTheSameActionTwice()
    {
        var clock = CrmFlowWorld.ClockAt(CrmFlowWorld.Today);
        using var host = CrmFlowWorld.Host(database, clock);
        var (sent, dismissed, snoozed) = await CrmFlowWorld.SeedAndActAsync(database, host);

        var (path, count) = await ExportAsync(host, _directory);

        Assert.Equal(3, count);
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var rows = Rows(path!);
        Assert.Equal([$"reminder-action:{sent}", $"reminder-action:{dismissed}", $"reminder-action:{snoozed}"], rows.Select(r => r["activity_key"]));
        var email = rows[0];
        Assert.Equal("Email", email["kind"]);
        Assert.Equal("'" + CrmFlowWorld.EditedSubject, email["subject"]);
        Assert.Equal(CrmFlowWorld.EditedBody, email["text"]);
        await using var db = database.CreateContext();
        var amyAccount = await db.CrmAccounts.Where(a => a.Name == "Acme Ltd").Select(a => a.SourceKey).SingleAsync();
        Assert.Equal(amyAccount, email["crm_account_key"]);
        var amyKey = await db.Reps.Where(r => r.Name == "Amy Lin").Select(r => r.SourceKey).SingleAsync();
        Assert.All(rows, r => Assert.Equal(amyKey, r["rep_crm_key"]));
        Assert.All(rows, r => Assert.Equal("2026-06-01", r["activity_date"]));
        var note = rows[1];
        Assert.Equal("Note", note["kind"]);
        Assert.StartsWith("AlreadyOrdered: +ordered from a rival, 1,000 pcs", note["text"]);
        var task = rows[2];
        Assert.Equal("Task", task["kind"]);
        Assert.Equal("2026-06-11", task["due_date"]);
        Assert.Equal("", email["due_date"]);

        clock.UtcNow = clock.UtcNow.AddMinutes(5);
        Assert.Equal((null, 0), await ExportAsync(host, _directory));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task ExportToDirectoryAsync_MarksNothing_WhenTheFileCannotBeCompleted_AndTheNextExportHoldsEveryAction()
    {
        var clock = CrmFlowWorld.ClockAt(CrmFlowWorld.Today);
        using var host = CrmFlowWorld.Host(database, clock);
        var (sent, _, snoozed) = await CrmFlowWorld.SeedAndActAsync(database, host);
        // The file is fully written under a temporary name, then renamed: a file already there makes the last step fail.
        Directory.CreateDirectory(_directory);
        var name = $"crm-activities-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{snoozed}.csv";
        await File.WriteAllTextAsync(Path.Combine(_directory, name), "in the way");

        await Assert.ThrowsAsync<IOException>(() => ExportAsync(host, _directory));

        Assert.Equal([name], Directory.GetFiles(_directory).Select(Path.GetFileName));
        await using (var db = database.CreateContext())
            Assert.False(await db.Set<CrmActivityDelivery>().AnyAsync(d => d.ExportedAt != null));
        clock.UtcNow = clock.UtcNow.AddSeconds(1);
        var (path, count) = await ExportAsync(host, _directory);
        Assert.Equal(3, count);
        Assert.Equal($"reminder-action:{sent}", Rows(path!)[0]["activity_key"]);
    }

    [Fact]
    public async Task ExportToDirectoryAsync_LeavesOlderActionsPending_WhenSinceIsLater()
    {
        var clock = CrmFlowWorld.ClockAt(CrmFlowWorld.Today);
        using var host = CrmFlowWorld.Host(database, clock);
        await CrmFlowWorld.SeedAndActAsync(database, host);

        Assert.Equal((null, 0), await ExportAsync(host, _directory, since: CrmFlowWorld.Today.AddDays(1)));
        Assert.Equal(3, (await ExportAsync(host, _directory, since: CrmFlowWorld.Today)).Count);
    }
}
