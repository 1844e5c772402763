using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Forecast.Core.Outbound;

/// <summary>The webhook receiver could not be reached or failed (5xx, 408, 429, timeout): the items wait with a back-off.</summary>
public sealed class WebhookUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One POST: the JSON body and, when the body is one item, the key the receiver dedupes on (<c>Idempotency-Key</c>).</summary>
public sealed record WebhookRequest(byte[] Body, string? IdempotencyKey = null);

/// <summary>
/// Posts items kept in a table of <see cref="WebhookDelivery"/> rows to a signed JSON webhook. Each batch is claimed
/// before the POST (attempts + 1) and marked delivered after a 2xx; a sender that dies in between leaves a claim that
/// expires and the same items are posted again (at-least-once; the receiver dedupes on their keys). A 5xx, 408, 429 or a
/// timeout puts the batch back with the outbox's back-off and escapes as <see cref="WebhookUnavailableException"/>; any
/// other 4xx is the receiver refusing the content: recorded on each item of the batch and not retried.
/// </summary>
public sealed partial class WebhookSender(ForecastDbContext db, IHttpClientFactory clients, TimeProvider time, ILogger<WebhookSender> log)
{
    public const string HttpClientName = "forecast-webhooks";
    public const string SignatureHeader = "X-Forecast-Signature";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body under the secret.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>
    /// Posts every due item of <typeparamref name="T"/>, <paramref name="batchSize"/> per request, the body built by
    /// <paramref name="build"/> from the claimed keys; returns how many the receiver acknowledged (0 when the webhook is off).
    /// </summary>
    public async Task<int> DeliverDueAsync<T>(WebhookOptions options, int batchSize, Func<IReadOnlyList<long>, CancellationToken, Task<WebhookRequest>> build,
        CancellationToken cancellationToken) where T : WebhookDelivery
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(build);
        if (!options.Enabled)
            return 0;
        var delivered = 0;
        while (true)
        {
            var ids = await ClaimAsync<T>(options, batchSize, cancellationToken);
            if (ids.Count == 0)
                return delivered;
            delivered += await PostAsync<T>(options, ids, await build(ids, cancellationToken), cancellationToken);
        }
    }

    private async Task<List<long>> ClaimAsync<T>(WebhookOptions options, int batchSize, CancellationToken cancellationToken) where T : WebhookDelivery
    {
        var (table, key, _) = Names<T>();
        var now = time.GetUtcNow();
        // SKIP LOCKED: two workers take disjoint batches. Table and key come from the EF model, never from input.
#pragma warning disable EF1002
        return await db.Database.SqlQueryRaw<long>($"""
            UPDATE {table} SET claimed_at = @now, attempts = attempts + 1
             WHERE {key} IN (SELECT {key} FROM {table}
                              WHERE delivered_at IS NULL AND gave_up_at IS NULL
                                AND ((claimed_at IS NULL AND next_attempt_at <= @now) OR claimed_at < @stale)
                              ORDER BY {key} LIMIT @limit FOR UPDATE SKIP LOCKED)
            RETURNING {key} AS "Value"
            """, new NpgsqlParameter("now", now), new NpgsqlParameter("stale", now.AddSeconds(-options.ClaimLeaseSeconds)), new NpgsqlParameter("limit", batchSize))
            .ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    private async Task<int> PostAsync<T>(WebhookOptions options, List<long> ids, WebhookRequest body, CancellationToken cancellationToken) where T : WebhookDelivery
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(body.Body, options.Secret!));
        if (body.IdempotencyKey is { } idempotencyKey)
            request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        var client = clients.CreateClient(HttpClientName);
        client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        int code;
        string answer;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            code = (int)response.StatusCode;
            answer = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync<T>(options, ids, $"{options.Url} unreachable: {ex.Message}");
            throw new WebhookUnavailableException($"The webhook {options.Url} did not answer ({ex.Message}); {ids.Count} item(s) wait for the next attempt.", ex);
        }
        var result = Truncate($"{code} {answer}", 1000);
        var now = time.GetUtcNow();
        if (code is >= 200 and < 300)
        {
            await Rows<T>(ids).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.DeliveredAt, now).SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null).SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
            LogDelivered(ids.Count, options.Url!);
            return ids.Count;
        }
        if (code is >= 400 and < 500 and not 408 and not 429)
        {
            await Rows<T>(ids).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.GaveUpAt, now).SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null).SetProperty(d => d.LastError, result), CancellationToken.None);
            LogRefused(ids.Count, options.Url!, code);
            return 0;
        }
        await ReleaseAsync<T>(options, ids, result);
        throw new WebhookUnavailableException($"The webhook {options.Url} answered {code}; {ids.Count} item(s) wait for the next attempt.");
    }

    /// <summary>Puts a batch back with a back-off (the outbox's: 30 s doubling, capped at one hour), or gives it up after the last attempt.</summary>
    private async Task ReleaseAsync<T>(WebhookOptions options, List<long> ids, string reason) where T : WebhookDelivery
    {
        var now = time.GetUtcNow();
        var keyProperty = Names<T>().KeyProperty;
        var rows = await Rows<T>(ids).AsNoTracking().Select(d => new { Id = EF.Property<long>(d, keyProperty), d.Attempts }).ToListAsync(CancellationToken.None);
        foreach (var r in rows)
        {
            var giveUp = r.Attempts >= options.MaxAttempts;
            var next = now + RetryBackoff.After(r.Attempts);
            await Rows<T>([r.Id]).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null)
                .SetProperty(d => d.LastError, Truncate(reason, 1000))
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.GaveUpAt, d => giveUp ? now : d.GaveUpAt), CancellationToken.None);
        }
    }

    private IQueryable<T> Rows<T>(List<long> ids) where T : WebhookDelivery
    {
        var keyProperty = Names<T>().KeyProperty;
        return db.Set<T>().Where(d => ids.Contains(EF.Property<long>(d, keyProperty)));
    }

    private (string Table, string Key, string KeyProperty) Names<T>()
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return ($"{entity.GetSchema()}.{entity.GetTableName()}", key.GetColumnName(table)!, key.Name);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Url}: {Count} item(s) delivered")]
    private partial void LogDelivered(int count, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Url} refused a batch of {Count} item(s) with {Status}; not retried")]
    private partial void LogRefused(int count, string url, int status);
}
