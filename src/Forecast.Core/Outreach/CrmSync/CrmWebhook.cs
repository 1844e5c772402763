using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>The webhook receiver could not be reached or failed (5xx, timeout): the batch waits with a back-off.</summary>
public sealed class CrmWebhookUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Posts rep actions to the CRM webhook in batches, as <c>{"activities": [...]}</c> signed with HMAC-SHA256 over the
/// body. Each action is claimed before the POST and marked delivered after a 2xx; a sender that dies in between leaves a
/// claim that expires and the same keys are posted again (at-least-once; the receiver dedupes on <c>key</c>). A 5xx or a
/// timeout puts the batch back with a back-off and escapes; a 4xx (but 408 and 429) is the receiver refusing the
/// content: recorded on each action of the batch and not retried.
/// </summary>
public sealed partial class CrmWebhook(ForecastDbContext db, CrmActivities activities, IHttpClientFactory clients, IOptions<CrmWebhookOptions> options,
    TimeProvider time, ILogger<CrmWebhook> log)
{
    public const string HttpClientName = "crm-activity-webhook";
    public const string SignatureHeader = "X-Forecast-Signature";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Posts every due action, batch after batch; returns how many the receiver acknowledged (0 when the webhook is off).</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return 0;
        await TrackNewActionsAsync(cancellationToken);
        var delivered = 0;
        while (true)
        {
            var ids = await ClaimBatchAsync(cancellationToken);
            if (ids.Count == 0)
                return delivered;
            delivered += await PostAsync(ids, cancellationToken);
        }
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body under the secret.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

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

    private async Task<List<long>> ClaimBatchAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var staleBefore = now.AddSeconds(-o.ClaimLeaseSeconds);
        // SKIP LOCKED: two workers take disjoint batches.
        return await db.Database.SqlQuery<long>($"""
            UPDATE outreach.crm_activity_deliveries SET claimed_at = {now}, attempts = attempts + 1
             WHERE reminder_action_id IN (SELECT reminder_action_id FROM outreach.crm_activity_deliveries
                           WHERE delivered_at IS NULL AND gave_up_at IS NULL
                             AND ((claimed_at IS NULL AND next_attempt_at <= {now}) OR claimed_at < {staleBefore})
                           ORDER BY reminder_action_id LIMIT {o.BatchSize} FOR UPDATE SKIP LOCKED)
            RETURNING reminder_action_id AS "Value"
            """).ToListAsync(cancellationToken);
    }

    private async Task<int> PostAsync(List<long> ids, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var batch = await activities.ForActionsAsync(ids, cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { activities = batch.Select(Payload) }, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(body, o.Secret!));
        var client = clients.CreateClient(HttpClientName);
        client.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        HttpStatusCode status;
        string answer;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            status = response.StatusCode;
            answer = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(ids, $"{o.Url} unreachable: {ex.Message}");
            throw new CrmWebhookUnavailableException($"The CRM webhook {o.Url} did not answer ({ex.Message}); {ids.Count} action(s) wait for the next attempt.", ex);
        }
        var code = (int)status;
        var result = Truncate($"{code} {answer}", 1000);
        if (code is >= 200 and < 300)
        {
            var now = time.GetUtcNow();
            await db.Set<CrmActivityDelivery>().Where(d => ids.Contains(d.ReminderActionId)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.DeliveredAt, now).SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null).SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
            LogDelivered(ids.Count);
            return ids.Count;
        }
        if (code is >= 400 and < 500 and not 408 and not 429)
        {
            var now = time.GetUtcNow();
            await db.Set<CrmActivityDelivery>().Where(d => ids.Contains(d.ReminderActionId)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.GaveUpAt, now).SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null).SetProperty(d => d.LastError, result), CancellationToken.None);
            LogRefused(ids.Count, code);
            return 0;
        }
        await ReleaseAsync(ids, result);
        throw new CrmWebhookUnavailableException($"The CRM webhook {o.Url} answered {code}; {ids.Count} action(s) wait for the next attempt.");
    }

    private static object Payload(CrmActivity a) => new
    {
        a.Key, a.Kind, a.AccountKey, a.RepKey, a.Date, a.DueDate, At = a.At.ToUniversalTime(), a.Subject, a.Text, a.CustomerName, a.ReminderId,
    };

    /// <summary>Puts a batch back with a back-off (the outbox's: 30 s doubling, capped at one hour), or gives it up after the last attempt.</summary>
    private async Task ReleaseAsync(List<long> ids, string reason)
    {
        var now = time.GetUtcNow();
        var max = options.Value.MaxAttempts;
        var rows = await db.Set<CrmActivityDelivery>().AsNoTracking().Where(d => ids.Contains(d.ReminderActionId))
            .Select(d => new { d.ReminderActionId, d.Attempts }).ToListAsync(CancellationToken.None);
        foreach (var r in rows)
        {
            var giveUp = r.Attempts >= max;
            var next = now + OutboxSender.Backoff(r.Attempts);
            await db.Set<CrmActivityDelivery>().Where(d => d.ReminderActionId == r.ReminderActionId).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null)
                .SetProperty(d => d.LastError, Truncate(reason, 1000))
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.GaveUpAt, d => giveUp ? now : d.GaveUpAt), CancellationToken.None);
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "CRM webhook: {Count} activities delivered")]
    private partial void LogDelivered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRM webhook refused a batch of {Count} activities with {Status}; not retried")]
    private partial void LogRefused(int count, int status);
}
