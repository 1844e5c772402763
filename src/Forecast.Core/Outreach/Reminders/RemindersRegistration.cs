using Forecast.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>The reminders feature's services; called from the outreach registration.</summary>
internal static class RemindersRegistration
{
    public static void AddReminders(IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A host that registers its own rewriter (before or after) wins; by default drafts are the templates' text.
        services.TryAddSingleton<IDraftRewriter, TemplateDraftRewriter>();
        services.AddScoped<ReminderInputs>();
        services.AddScoped<ReminderDrafts>();
        services.AddScoped<ReminderBuilder>();
        services.AddScoped<Reorder.IReorderFeedback, ReminderFeedback>();
        services.AddSingleton<LastReminderBuild>();
        services.AddScoped<ReminderMailer>();
        services.AddScoped<ReminderInbox>();
        services.AddScoped<FailedReminders>();
        services.AddScoped<ReminderJobs>();
        services.AddScoped<IPipelineStage, RemindersStage>();
    }
}
