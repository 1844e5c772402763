using Forecast.Core.ModelStore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Jobs;

/// <summary>One replayed night about to run: the <paramref name="Night"/>th of <paramref name="Nights"/>, as of <paramref name="AsOf"/>.</summary>
public sealed record ReplayedNight(int Night, int Nights, DateOnly AsOf);

/// <summary>
/// Runs stages as of a few past business dates, oldest first, in this process: what a service that had been running
/// for those nights would hold. A fresh database (the demo) then has past forecasts for the accuracy stage to score.
/// Each night is an ordinary run as of its date, so it gives what running live on that date gave (replay = live).
/// Needs <see cref="InlinePipeline.Register"/> in the host.
/// </summary>
public sealed class NightReplay(InlinePipeline pipeline, IServiceScopeFactory scopes)
{
    /// <summary>
    /// Runs <paramref name="stages"/> as of <paramref name="end"/> (null: the last day with data) minus
    /// <paramref name="nights"/>, … 1 times <paramref name="stepDays"/> days, and returns the runs; the night of
    /// <paramref name="end"/> itself is left to the caller. Stops at the first run that does not succeed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="nights"/> is outside 0..52 or <paramref name="stepDays"/> outside 1..28.</exception>
    public async Task<IReadOnlyList<PipelineRun>> ReplayAsync(
        DateOnly? end, int nights, int stepDays, IReadOnlyList<string> stages, Action<ReplayedNight>? starting,
        Action<InlinePartition>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nights);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nights, 52);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stepDays, 28);
        DateOnly last;
        await using (var scope = scopes.CreateAsyncScope())
            last = await scope.ServiceProvider.GetRequiredService<BusinessCalendar>().ResolveAsOfAsync(end, cancellationToken);
        var runs = new List<PipelineRun>();
        for (var k = nights; k >= 1; k--)
        {
            var asOf = last.AddDays(-stepDays * k);
            starting?.Invoke(new ReplayedNight(nights - k + 1, nights, asOf));
            var run = await pipeline.RunAsync(asOf, stages, "replay", null, progress, cancellationToken);
            runs.Add(run);
            if (run.Status != RunStatus.Succeeded)
                break;
        }
        return runs;
    }
}
