using Forecast.Core.Jobs;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Outreach;

internal static class OutreachRegistration
{
    public static void AddOutreach(IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Mail").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<OutboxJobs>();
        services.AddSingleton<IRecurringJobSchedule, OutreachSchedule>();
        services.AddOptions<OutreachOptions>().BindConfiguration("Outreach").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TemplateLibrary>();
        services.AddSingleton<DraftComposer>();
        RemindersRegistration.AddReminders(services);
        CrmSync.CrmSyncRegistration.AddCrmSync(services);
    }
}

/// <summary>Hangfire entry point of the outbox (recurring every few minutes; also "trigger now" on the dashboard).</summary>
public sealed class OutboxJobs(OutboxSender sender)
{
    [AutomaticRetry(Attempts = 0)] // the next recurring run is the retry; the messages keep their own back-off
    [JobDisplayName("Send the outbox")]
    public Task SendAsync(CancellationToken cancellationToken) => sender.SendDueAsync(cancellationToken);
}
