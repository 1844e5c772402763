using System.Security.Cryptography;
using System.Text;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Forecast.Core.Outreach;

/// <summary>
/// A message to put in the outbox. Nothing is sent here: <see cref="OutboxSender"/> does that. <c>Language</c> (a BCP 47
/// tag) is sent as <c>Content-Language</c>; <c>Problem</c> says why the message could not be made (e.g. a broken template):
/// it is then stored as failed with that reason, not sent.
/// </summary>
public sealed record OutgoingMail(string Key, string Category, string? ToAddress, string? ToName, string Subject, string TextBody, string? HtmlBody = null,
    string? Language = null, string? Problem = null);

/// <summary>Puts messages in the outbox, once per key. Bad recipients are recorded as failed with the reason, not thrown.</summary>
public sealed class Outbox(ForecastDbContext db, IOptions<MailOptions> options, TimeProvider time)
{
    /// <summary>Adds the message unless its key is already there; returns the stored message (new or existing).</summary>
    public async Task<OutboxMessage> EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var existing = await db.Set<OutboxMessage>().FirstOrDefaultAsync(m => m.Key == mail.Key, cancellationToken);
        if (existing is not null)
            return existing;

        var mailOptions = options.Value;
        var now = time.GetUtcNow();
        var message = new OutboxMessage
        {
            Key = mail.Key,
            MessageId = MessageIdFor(mail.Key, mailOptions.MessageIdDomain),
            Category = mail.Category,
            FromAddress = mailOptions.FromAddress,
            FromName = mailOptions.FromName,
            ToAddress = mail.ToAddress ?? "",
            ToName = mail.ToName,
            Subject = mail.Subject,
            TextBody = mail.TextBody,
            HtmlBody = mail.HtmlBody,
            Language = mail.Language,
            CreatedAt = now,
            NextAttemptAt = now,
            Status = OutboxStatus.Queued,
        };
        var problem = Validate(mail);
        if (problem is not null)
        {
            message.Status = OutboxStatus.Failed;
            message.LastResult = problem;
        }
        // Two enqueuers racing on one key: the unique index lets one win; the other reads the winner's row.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO outreach.outbox_messages (key, message_id, category, from_address, from_name, to_address, to_name, subject,
                text_body, html_body, language, status, attempts, created_at, next_attempt_at, last_result)
            VALUES ({message.Key}, {message.MessageId}, {message.Category}, {message.FromAddress}, {message.FromName}, {message.ToAddress},
                {message.ToName}, {message.Subject}, {message.TextBody}, {message.HtmlBody}, {message.Language}, {message.Status.ToString()}, 0, {now}, {now}, {message.LastResult})
            ON CONFLICT (key) DO NOTHING
            """, cancellationToken);
        return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Key == mail.Key, cancellationToken);
    }

    /// <summary>Stable per key, so every copy of a re-sent message carries the same Message-Id.</summary>
    public static string MessageIdFor(string key, string domain) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}@{domain}";

    /// <summary>Why this message cannot be sent, or null. CR/LF anywhere in a header is refused (header injection).</summary>
    public static string? Validate(OutgoingMail mail)
    {
        if (!string.IsNullOrEmpty(mail.Problem))
            return mail.Problem;
        if (string.IsNullOrWhiteSpace(mail.ToAddress))
            return "No recipient address: the contact or rep has no email. Add one in the CRM.";
        if (HasLineBreak(mail.ToAddress) || HasLineBreak(mail.ToName) || HasLineBreak(mail.Subject) || HasLineBreak(mail.Language))
            return "A header value contains a line break (CR/LF); refused to prevent header injection. Check the name, address and subject.";
        if (!MailboxAddress.TryParse(mail.ToAddress, out var parsed) || parsed.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
            return $"'{mail.ToAddress}' is not a valid email address.";
        return null;
    }

    private static bool HasLineBreak(string? value) => value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0;
}
