using Forecast.Core.Data;
using Forecast.Core.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.ErpSync;

/// <summary>
/// Posts ERP documents to <c>Erp:DocumentWebhook:Url</c>, one per request, through the shared <see cref="WebhookSender"/>:
/// signed, claimed, retried with back-off on 5xx and timeouts, a 4xx recorded and not retried. The
/// <c>Idempotency-Key</c> header is the document key, so a retry after a lost answer is one order in the ERP.
/// </summary>
public sealed class ErpDocumentWebhook(ForecastDbContext db, WebhookSender sender, IOptions<ErpDocumentWebhookOptions> options)
{
    /// <summary>Posts every due document; returns how many the receiver acknowledged (0 when the webhook is off).</summary>
    public Task<int> DeliverDueAsync(CancellationToken cancellationToken) =>
        sender.DeliverDueAsync<ErpDocument>(options.Value, batchSize: 1, async (ids, ct) =>
        {
            var document = await db.Set<ErpDocument>().AsNoTracking().SingleAsync(d => d.Id == ids[0], ct);
            return new WebhookRequest(ErpDocuments.Envelope(document), document.Key);
        }, cancellationToken);
}
