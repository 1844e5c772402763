using Forecast.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>
/// Runs pipeline stages through the real coordinator in the test process (partitions drained inline, each in its own
/// scope, as a worker runs them), with the clock and settings a test chooses.
/// </summary>
public static class PipelineRunner
{
    /// <summary>A host of the production composition root with inline partitions and, when given, a fixed clock.</summary>
    public static IHost CreateHost(TestDatabase database, TimeProvider? clock = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        TestHost.CreateBuilder(database, services =>
        {
            InlinePipeline.Register(services);
            if (clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }
            configure?.Invoke(services);
        }, settings).Build();

    /// <summary>Runs <paramref name="stages"/> as of <paramref name="asOf"/> (null: the last day with data) and returns the finished run.</summary>
    public static async Task<PipelineRun> RunAsync(
        TestDatabase database, DateOnly? asOf, IReadOnlyList<string> stages, TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        using var host = CreateHost(database, clock, settings);
        return await RunAsync(host, asOf, stages);
    }

    /// <summary>Runs <paramref name="stages"/> on a host made by <see cref="CreateHost"/>.</summary>
    public static Task<PipelineRun> RunAsync(IHost host, DateOnly? asOf, IReadOnlyList<string> stages) =>
        host.Services.GetRequiredService<InlinePipeline>().RunAsync(asOf, stages, "test", null, null, default);
}
