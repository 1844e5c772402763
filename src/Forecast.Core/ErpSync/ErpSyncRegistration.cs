using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.ErpSync;

/// <summary>Documents for the ERP: won deals and approved proposals into the outbox, out by webhook and CSV drop.</summary>
internal static class ErpSyncRegistration
{
    public static void AddErpSync(IServiceCollection services)
    {
        services.AddOptions<ErpDocumentWebhookOptions>().BindConfiguration(ErpDocumentWebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ErpDocumentOptions>().BindConfiguration(ErpDocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ErpDocuments>();
        services.AddScoped<ErpDocumentWebhook>();
        services.AddScoped<ErpCsvDrop>();
        services.AddScoped<ProposalDocuments>();
        services.AddScoped<IPurchaseProposalObserver>(sp => sp.GetRequiredService<ProposalDocuments>());
        services.AddScoped<WonDealConversion>();
        services.AddScoped<DealOrders>();
        services.AddScoped<ErpDocumentJobs>();
        services.AddSingleton<IRecurringJobSchedule, ErpSyncSchedule>();
    }
}

/// <summary>Runs with the outbox's cadence, so a deal won in the CRM reaches the ERP within minutes of its import or push.</summary>
internal sealed class ErpSyncSchedule : IRecurringJobSchedule
{
    public const string Job = "erp-documents";

    public void Register(IRecurringJobManager recurring, ScheduleOptions schedule, RecurringJobOptions zone) =>
        recurring.AddOrUpdate<ErpDocumentJobs>(Job, j => j.RunAsync(CancellationToken.None), schedule.OutboxCron, zone);
}

/// <summary>Hangfire entry point: write the documents due (idempotent), then post them if the webhook is on.</summary>
public sealed class ErpDocumentJobs(WonDealConversion conversion, ProposalDocuments proposals, ErpDocumentWebhook webhook)
{
    [AutomaticRetry(Attempts = 0)] // the next recurring run is the retry; each document keeps its own back-off
    [JobDisplayName("Write and post ERP documents")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await proposals.WriteMissingAsync(cancellationToken);
        await conversion.ConvertAsync(null, cancellationToken);
        await webhook.DeliverDueAsync(cancellationToken);
    }
}
