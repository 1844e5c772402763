using System.Text.Json;
using System.Text.Json.Serialization;
using Forecast.Core.Data;
using Forecast.Core.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>
/// Posts rep actions to the CRM webhook in batches, as <c>{"activities": [...]}</c> signed with HMAC-SHA256 over the
/// body, through the shared <see cref="WebhookSender"/> (claim, at-least-once, back-off, a 4xx recorded and not
/// retried); the receiver dedupes on each activity's <c>key</c>.
/// </summary>
public sealed class CrmWebhook(ForecastDbContext db, CrmActivities activities, WebhookSender sender, IOptions<CrmWebhookOptions> options, TimeProvider time)
{
    public const string SignatureHeader = WebhookSender.SignatureHeader;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Posts every due action, batch after batch; returns how many the receiver acknowledged (0 when the webhook is off).</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
            return 0;
        await TrackNewActionsAsync(cancellationToken);
        return await sender.DeliverDueAsync<CrmActivityDelivery>(o, o.BatchSize, async (ids, ct) =>
        {
            var batch = await activities.ForActionsAsync(ids, ct);
            return new WebhookRequest(JsonSerializer.SerializeToUtf8Bytes(new { activities = batch.Select(Payload) }, Json));
        }, cancellationToken);
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body under the secret.</summary>
    public static string Sign(byte[] body, string secret) => WebhookSender.Sign(body, secret);

    private Task TrackNewActionsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kinds = CrmActivities.Exported.Select(k => k.ToString()).ToArray();
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO outreach.crm_activity_deliveries (reminder_action_id, attempts, next_attempt_at)
            SELECT a.id, 0, {now} FROM outreach.reminder_actions a
             WHERE a.kind = ANY({kinds}) AND NOT EXISTS (SELECT 1 FROM outreach.crm_activity_deliveries d WHERE d.reminder_action_id = a.id)
            ON CONFLICT (reminder_action_id) DO NOTHING
            """, cancellationToken);
    }

    private static object Payload(CrmActivity a) => new
    {
        a.Key, a.Kind, a.AccountKey, a.RepKey, a.Date, a.DueDate, At = a.At.ToUniversalTime(), a.Subject, a.Text, a.CustomerName, a.ReminderId,
    };
}
