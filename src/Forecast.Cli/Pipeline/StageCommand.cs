using Forecast.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spectre.Console;

namespace Forecast.Cli.Pipeline;

/// <summary>
/// What the one-stage commands (<c>forecast reorder predict</c>, <c>forecast opportunities score</c>) share: the stage run
/// in this process through the coordinator (the same run <c>forecast run STAGE</c> makes), with a status line, and the
/// errors a person can act on said as such.
/// </summary>
internal static class StageCommand
{
    /// <summary>A host whose partitions run in this process.</summary>
    public static IHost BuildHost()
    {
        var builder = CliHost.CreateBuilder();
        InlinePipeline.Register(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs <paramref name="stage"/>; null (after saying why) when it could not run.</summary>
    public static async Task<PipelineRun?> RunAsync(IHost host, string stage, DateOnly? asOf, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await AnsiConsole.Status().StartAsync($"{what}...", status =>
                host.Services.GetRequiredService<InlinePipeline>().RunAsync(asOf, [stage], "cli",
                    started => status.Status($"{what} as of {started.AsOf:yyyy-MM-dd} (pipeline run {started.Id})..."),
                    done => AnsiConsole.MarkupLineInterpolated($"  {done.Stage} partition {done.Partition + 1}/{done.PartitionCount} in {done.Elapsed.TotalSeconds:F1} s"),
                    cancellationToken));
        }
        catch (Exception e) when (e is PipelineBusyException or AsOfDateException or PartitionFailedException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        }
        catch (Exception e) when (CliHost.DatabaseProblem(e) is { } advice)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {advice}");
        }
        catch (NpgsqlException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the database did not answer ({e.Message}). Check ConnectionStrings__Forecast and run `forecast db migrate`.");
        }
        return null;
    }
}
