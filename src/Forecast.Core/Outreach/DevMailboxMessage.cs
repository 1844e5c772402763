namespace Forecast.Core.Outreach;

/// <summary>
/// A message received by the development SMTP sink (<c>Mail:DevSink:Enabled</c>, hosted by the web app for the demo):
/// what a rep would have found in their mailbox. Never used in production, where mail goes to a real server.
/// </summary>
public sealed class DevMailboxMessage
{
    public long Id { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? MessageId { get; set; }
    public string From { get; set; } = "";
    /// <summary>The SMTP envelope recipients (comma separated), which is where the message was delivered.</summary>
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>The <c>Content-Language</c> header, if any.</summary>
    public string? Language { get; set; }
    public string TextBody { get; set; } = "";
    /// <summary>The message as received (headers and MIME body), to check encodings.</summary>
    public string Raw { get; set; } = "";
}
