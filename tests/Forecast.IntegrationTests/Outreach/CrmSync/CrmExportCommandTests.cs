using Forecast.Core.Outreach.CrmSync;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace Forecast.IntegrationTests.Outreach.CrmSync;

/// <summary><c>forecast crm export-activities</c> run as the real CLI process against the real database.</summary>
public sealed class CrmExportCommandTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-cli-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
        if (File.Exists(_directory))
            File.Delete(_directory);
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Environment() => new() { ["ConnectionStrings__Forecast"] = database.ConnectionString, ["DOTNET_ENVIRONMENT"] = "Testing" };

    private async Task<List<CrmActivityDelivery>> DeliveriesAsync()
    {
        await using var db = database.CreateContext();
        return await db.Set<CrmActivityDelivery>().AsNoTracking().OrderBy(d => d.ReminderActionId).ToListAsync();
    }

    private static List<string> Keys(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        var keys = new List<string>();
        foreach (var row in reader)
            keys.Add(row["activity_key"].ToString());
        return keys;
    }

    [Fact]
    public async Task ExportActivities_WritesTheFile_MarksTheActionsAfterIt_AndASecondRunExportsNothingNew()
    {
        using var host = CrmFlowWorld.Host(database, CrmFlowWorld.ClockAt(CrmFlowWorld.Today));
        var (sent, dismissed, snoozed) = await CrmFlowWorld.SeedAndActAsync(database, host);

        var (exit, output) = await CliProcess.RunAsync(Environment(), Timeout, "crm", "export-activities", "--out", _directory);

        Assert.True(exit == 0, output);
        var path = Assert.Single(Directory.GetFiles(_directory));
        Assert.Contains($"Wrote 3 activities to {path}", output, StringComparison.Ordinal);
        Assert.Equal([CrmActivities.KeyOf(sent), CrmActivities.KeyOf(dismissed), CrmActivities.KeyOf(snoozed)], Keys(path));
        var deliveries = await DeliveriesAsync();
        Assert.Equal([sent, dismissed, snoozed], deliveries.Select(d => d.ReminderActionId));
        // Marked once the file was whole: every mark is later than the file's last write.
        var written = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        Assert.All(deliveries, d => Assert.True(d.ExportedAt >= written, $"{d.ExportedAt:O} is before the file was written ({written:O})"));

        var (again, againOutput) = await CliProcess.RunAsync(Environment(), Timeout, "crm", "export-activities", "--out", _directory);

        Assert.True(again == 0, againOutput);
        Assert.Contains("Nothing to export", againOutput, StringComparison.Ordinal);
        Assert.Equal([path], Directory.GetFiles(_directory));
        Assert.Equal(deliveries.Select(d => d.ExportedAt), (await DeliveriesAsync()).Select(d => d.ExportedAt));
    }

    [Fact]
    public async Task ExportActivities_FailsWithAClearError_AndMarksNothing_WhenTheFolderCannotBeWritten()
    {
        using var host = CrmFlowWorld.Host(database, CrmFlowWorld.ClockAt(CrmFlowWorld.Today));
        await CrmFlowWorld.SeedAndActAsync(database, host);
        // A file where the folder should be: the directory cannot be made.
        await File.WriteAllTextAsync(_directory, "in the way");

        var (exit, output) = await CliProcess.RunAsync(Environment(), Timeout, "crm", "export-activities", "--out", _directory);

        Assert.Equal(1, exit);
        Assert.Contains("could not write the CRM activity file", output, StringComparison.Ordinal);
        Assert.Contains("Nothing was marked exported.", output, StringComparison.Ordinal);
        Assert.All(await DeliveriesAsync(), d => Assert.Null(d.ExportedAt));
    }
}
