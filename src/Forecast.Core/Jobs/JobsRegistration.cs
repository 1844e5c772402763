using Forecast.Core.Data;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Jobs;

/// <summary>Hangfire on PostgreSQL (its own <c>hangfire</c> schema in the service's database) and the pipeline.</summary>
public static class JobsRegistration
{
    public const string HangfireSchema = "hangfire";

    internal static void AddPipeline(IServiceCollection services)
    {
        services.AddOptions<ScheduleOptions>().BindConfiguration("Schedule").ValidateDataAnnotations()
            .Validate(o => TryFindZone(o.TimeZone), "Schedule:TimeZone is not a time zone this machine knows (use an IANA id such as Asia/Taipei).")
            .ValidateOnStart();
        services.AddScoped<BusinessCalendar>();
        services.AddScoped<PredictionRuns>();
        services.AddScoped<PipelineCoordinator>();
        services.AddScoped<PipelineJobs>();
        services.TryAddSingleton<IStageDispatcher, HangfireStageDispatcher>();

        // Hangfire.NetCore's own JobStorage registration returns the static JobStorage.Current, which every host in
        // the process overwrites: two hosts built side by side (the integration tests; any process hosting two) could
        // poll each other's database with their own container. Registered first, this per-container storage wins
        // over AddHangfire's TryAdd; resolving IGlobalConfiguration applies the serializer and logging settings.
        services.AddSingleton<JobStorage>(sp =>
        {
            var options = StorageOptions(sp);
            var storage = new PostgreSqlStorage(
                new NpgsqlConnectionFactory(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString, options), options);
            sp.GetRequiredService<IGlobalConfiguration>();
            return storage;
        });
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostBoundHangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
    }

    /// <summary>
    /// Makes this process execute jobs (the web host and <c>forecast worker</c>) and registers the recurring jobs
    /// with their stable ids. Several processes on several machines may do this against the same database.
    /// </summary>
    public static IHostApplicationBuilder AddForecastWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHangfireServer((sp, server) =>
        {
            var schedule = sp.GetRequiredService<IOptions<ScheduleOptions>>().Value;
            server.WorkerCount = Math.Max(1, schedule.WorkerCount);
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        return builder;
    }

    private static PostgreSqlStorageOptions StorageOptions(IServiceProvider sp) => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<ScheduleOptions>>().Value.QueuePollSeconds),
    };

    private static bool TryFindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}

/// <summary>
/// A feature's recurring jobs (the outbox sender, the morning reminders), registered at start-up next to the
/// pipeline's own: the kernel starts them without knowing the features.
/// </summary>
public interface IRecurringJobSchedule
{
    void Register(IRecurringJobManager recurring, ScheduleOptions schedule, RecurringJobOptions zone);
}

/// <summary>Registers (or updates) the recurring jobs at start-up under stable ids, with cron and zone from configuration.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring, IOptions<ScheduleOptions> options, IEnumerable<IRecurringJobSchedule> features) : IHostedService
{
    public const string Nightly = "nightly-pipeline";
    public const string Watchdog = "pipeline-watchdog";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var schedule = options.Value;
        var zone = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone) };
        recurring.AddOrUpdate<PipelineJobs>(Nightly, j => j.StartNightlyAsync(CancellationToken.None), schedule.NightlyCron, zone);
        recurring.AddOrUpdate<PipelineJobs>(Watchdog, j => j.WatchdogAsync(CancellationToken.None), schedule.WatchdogCron, zone);
        foreach (var feature in features)
            feature.Register(recurring, schedule, zone);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
