namespace Forecast.Core.Outbound;

/// <summary>
/// Where one item (a CRM activity, an ERP document) stands on its way to a webhook. The entity that inherits it owns
/// the table and its <c>bigint</c> key; <see cref="WebhookSender"/> does the bookkeeping on these columns.
/// </summary>
public abstract class WebhookDelivery
{
    /// <summary>When the webhook receiver acknowledged the item with a 2xx.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>POSTs tried, the one in flight included.</summary>
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Set while a sender holds the item; a sender that dies leaves it to expire and the item is sent again.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }
    /// <summary>The receiver refused it (a 4xx) or the attempts ran out: no more POSTs until a person resets it.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }
    /// <summary>The receiver's status and answer, or the network failure, verbatim.</summary>
    public string? LastError { get; set; }
}
