using Forecast.Core.Jobs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>Rep actions flowing back to the CRM: the CSV export and the webhook with its recurring job.</summary>
internal static class CrmSyncRegistration
{
    public static void AddCrmSync(IServiceCollection services)
    {
        services.AddOptions<CrmWebhookOptions>().BindConfiguration(CrmWebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CrmActivities>();
        services.AddScoped<CrmWebhook>();
        services.AddScoped<CrmDeliveryReview>();
        services.AddScoped<CrmWebhookJobs>();
        services.AddSingleton<IRecurringJobSchedule, CrmSyncSchedule>();
    }
}

/// <summary>The webhook job runs with the outbox's cadence; with no URL it does nothing, so it is always registered.</summary>
internal sealed class CrmSyncSchedule : IRecurringJobSchedule
{
    public const string WebhookJob = "crm-activity-webhook";

    public void Register(IRecurringJobManager recurring, ScheduleOptions schedule, RecurringJobOptions zone) =>
        recurring.AddOrUpdate<CrmWebhookJobs>(WebhookJob, j => j.DeliverAsync(CancellationToken.None), schedule.OutboxCron, zone);
}

/// <summary>Hangfire entry point of the CRM activity webhook.</summary>
public sealed class CrmWebhookJobs(CrmWebhook webhook)
{
    [AutomaticRetry(Attempts = 0)] // the next recurring run is the retry; each action keeps its own back-off
    [JobDisplayName("Post rep actions to the CRM webhook")]
    public Task DeliverAsync(CancellationToken cancellationToken) => webhook.DeliverDueAsync(cancellationToken);
}
