using System.Net.Sockets;
using Forecast.Core.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Forecast.Core.Outreach;

/// <summary>The SMTP server could not be reached or broke the connection: the messages wait and the job retries.</summary>
public sealed class SmtpUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Sends what waits in the outbox over SMTP (MailKit): one connection per batch; a refused recipient fails that
/// message and the batch goes on; a broken connection puts the rest back with a back-off and escapes so the job retries.
/// Each message is claimed before it is sent and marked sent as soon as the server accepts it; a sender that dies in
/// between leaves a claim that expires, and the message is sent again with the same Message-Id (at-least-once to the
/// server, once per Message-Id in the mailbox).
/// </summary>
public sealed partial class OutboxSender(ForecastDbContext db, IOptions<MailOptions> options, TimeProvider time, ILogger<OutboxSender> log)
{
    private static readonly string SenderName = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Sends every due message, batch after batch. Returns how many were accepted by the server.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            var batch = await ClaimBatchAsync(cancellationToken);
            if (batch.Count == 0)
                return sent;
            sent += await SendBatchAsync(batch, cancellationToken);
        }
    }

    private async Task<List<OutboxMessage>> ClaimBatchAsync(CancellationToken cancellationToken)
    {
        var mail = options.Value;
        var now = time.GetUtcNow();
        var staleBefore = now.AddSeconds(-mail.ClaimLeaseSeconds);
        // SKIP LOCKED: several senders (several workers) take disjoint batches.
        var ids = await db.Database.SqlQuery<long>($"""
            UPDATE outreach.outbox_messages SET status = 'Sending', claimed_by = {SenderName}, claimed_at = {now}, attempts = attempts + 1
             WHERE id IN (SELECT id FROM outreach.outbox_messages
                           WHERE (status = 'Queued' AND next_attempt_at <= {now}) OR (status = 'Sending' AND claimed_at < {staleBefore})
                           ORDER BY id LIMIT {mail.BatchSize} FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        if (ids.Count == 0)
            return [];
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    private async Task<int> SendBatchAsync(List<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        var mail = options.Value;
        using var client = new SmtpClient { Timeout = mail.TimeoutSeconds * 1000 };
        try
        {
            var security = mail.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(mail.Host, mail.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(mail.Username))
                await client.AuthenticateAsync(mail.Username, mail.Password ?? "", cancellationToken);
        }
        catch (AuthenticationException ex)
        {
            await ReleaseAsync(batch, $"SMTP login refused: {ex.Message}", cancellationToken);
            throw new SmtpUnavailableException($"The SMTP server {mail.Host}:{mail.Port} refused the login ({ex.Message}): check Mail:Username and Mail__Password.", ex);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            await ReleaseAsync(batch, $"SMTP server {mail.Host}:{mail.Port} unreachable: {ex.Message}", cancellationToken);
            throw new SmtpUnavailableException($"Cannot reach the SMTP server {mail.Host}:{mail.Port} ({ex.Message}); {batch.Count} message(s) wait for the next attempt.", ex);
        }

        var sent = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            try
            {
                var response = await client.SendAsync(ToMime(message), cancellationToken);
                await MarkAsync(message.Id, OutboxStatus.Sent, response, nextAttempt: null, CancellationToken.None);
                sent++;
            }
            catch (SmtpCommandException ex)
            {
                // The server refused this message (recipient, sender, content): that one fails, the batch goes on.
                var transient = (int)ex.StatusCode is >= 400 and < 500;
                var giveUp = !transient || message.Attempts >= mail.MaxAttempts;
                var reason = $"{(int)ex.StatusCode} {ex.Message}";
                await MarkAsync(message.Id, giveUp ? OutboxStatus.Failed : OutboxStatus.Queued, reason,
                    giveUp ? null : time.GetUtcNow() + Backoff(message.Attempts), CancellationToken.None);
                LogRefused(message.Id, reason);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                await ReleaseAsync(batch.Skip(i), $"Connection lost: {ex.Message}", CancellationToken.None);
                throw new SmtpUnavailableException($"The SMTP connection broke ({ex.Message}); {batch.Count - i} message(s) wait for the next attempt.", ex);
            }
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
        LogBatchSent(sent, batch.Count);
        return sent;
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage { MessageId = message.MessageId, Subject = message.Subject, Date = time.GetUtcNow() };
        mime.From.Add(new MailboxAddress(message.FromName ?? "", message.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.ToAddress));
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        // A Content-* header belongs to the body entity (MIME): on the message headers MimeKit would not keep it.
        if (!string.IsNullOrEmpty(message.Language))
            mime.Body.Headers.Add(HeaderId.ContentLanguage, message.Language);
        return mime;
    }

    private async Task ReleaseAsync(IEnumerable<OutboxMessage> messages, string reason, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxAttempts;
        foreach (var m in messages)
        {
            var giveUp = m.Attempts >= max;
            await MarkAsync(m.Id, giveUp ? OutboxStatus.Failed : OutboxStatus.Queued,
                giveUp ? $"Gave up after {m.Attempts} attempts. Last: {reason}" : reason,
                giveUp ? null : time.GetUtcNow() + Backoff(m.Attempts), cancellationToken);
        }
    }

    private Task MarkAsync(long id, OutboxStatus status, string? result, DateTimeOffset? nextAttempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Set<OutboxMessage>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.LastResult, result)
            .SetProperty(m => m.ClaimedBy, (string?)null)
            .SetProperty(m => m.SentAt, m => status == OutboxStatus.Sent ? now : m.SentAt)
            .SetProperty(m => m.NextAttemptAt, m => nextAttempt ?? m.NextAttemptAt), cancellationToken);
    }

    /// <summary>30 s, 1 min, 2 min ... capped at one hour.</summary>
    internal static TimeSpan Backoff(int attempts) => Outbound.RetryBackoff.After(attempts);

    private static bool IsConnectionFailure(Exception ex) =>
        ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException
        || (ex is OperationCanceledException && ex.InnerException is TimeoutException);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} refused by the SMTP server: {Reason}")]
    private partial void LogRefused(long id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox batch: {Sent} of {Count} sent")]
    private partial void LogBatchSent(int sent, int count);
}
