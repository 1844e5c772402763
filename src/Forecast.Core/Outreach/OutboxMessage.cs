namespace Forecast.Core.Outreach;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (or to be retried after <see cref="OutboxMessage.NextAttemptAt"/>).</summary>
    Queued,
    /// <summary>Claimed by a sender; if that sender dies, the claim expires and the message is sent again.</summary>
    Sending,
    Sent,
    /// <summary>Permanently refused (bad address, rejected recipient, too many attempts): the reason is kept.</summary>
    Failed,
}

/// <summary>
/// One email to send. <see cref="Key"/> is unique, so whatever enqueues a message may run twice without doubling it;
/// <see cref="MessageId"/> is derived from the key, so a re-sent message is recognisably the same message.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>Idempotency key, e.g. <c>reminder:42</c> or <c>digest:rep-7:2026-11-27</c>.</summary>
    public string Key { get; set; } = "";
    public string MessageId { get; set; } = "";
    public string FromAddress { get; set; } = "";
    public string? FromName { get; set; }
    public string ToAddress { get; set; } = "";
    public string? ToName { get; set; }
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    /// <summary>BCP 47 tag of the text (<c>en</c>, <c>zh-TW</c>), sent as <c>Content-Language</c>.</summary>
    public string? Language { get; set; }
    /// <summary>What the message is about, for the outbox page: <c>reminder</c>, <c>digest</c>...</summary>
    public string Category { get; set; } = "";
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>The server's answer or the reason it failed, verbatim.</summary>
    public string? LastResult { get; set; }
}
