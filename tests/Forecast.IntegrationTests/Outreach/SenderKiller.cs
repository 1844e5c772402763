using System.Diagnostics;
using Forecast.Core.Outreach;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>Starts <c>forecast outbox send</c> processes and SIGKILLs each one while it is sending.</summary>
internal static class SenderKiller
{
    /// <summary>
    /// Runs <paramref name="rounds"/> senders; each is killed a random 0..<paramref name="maxDelayMs"/> ms after its first
    /// message reached <paramref name="sink"/> (a sender that finishes first is not killed). Between rounds the dead
    /// sender's claims are aged past their lease, as time would. Returns how many senders were really killed.
    /// </summary>
    public static async Task<int> KillSendersAsync(
        TestDatabase database, SmtpSink sink, IDictionary<string, string> environment, int rounds, int seed, int maxDelayMs)
    {
        var random = new Random(seed);
        var kills = 0;
        for (var round = 0; round < rounds; round++)
        {
            using var sender = CliProcess.Start(environment, "outbox", "send");
            // Wait until it is really sending (some messages arrived), then kill it at a random moment.
            var before = sink.Received.Count;
            var start = Stopwatch.StartNew();
            while (sink.Received.Count == before && !sender.HasExited && start.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(5);
            await Task.Delay(random.Next(0, maxDelayMs));
            if (!sender.HasExited)
            {
                sender.Kill(); // SIGKILL: no finally blocks, no disposal
                kills++;
            }
            await sender.WaitForExitAsync();
            // Time passes: claims of the dead sender expire.
            await using var db = database.CreateContext();
            await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedAt, DateTimeOffset.UtcNow.AddHours(-1)));
        }
        return kills;
    }
}
