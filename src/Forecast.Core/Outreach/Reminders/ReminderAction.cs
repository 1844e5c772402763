namespace Forecast.Core.Outreach.Reminders;

public enum ReminderActionKind
{
    DraftEdited,
    MarkedSent,
    Dismissed,
    Snoozed,
}

/// <summary>
/// One thing a person did to a reminder, who and when (UTC), appended and never changed: the reminder row holds only
/// the latest state, while the CRM export replays these in id order (the id is its idempotency key) and a model can
/// learn from the dismissal codes.
/// </summary>
public sealed class ReminderAction
{
    public long Id { get; set; }
    public long ReminderId { get; set; }
    public Reminder? Reminder { get; set; }
    public ReminderActionKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The signed-in user's name (email) or the API token's name.</summary>
    public string By { get; set; } = "";
    public DismissReason? ReasonCode { get; set; }
    /// <summary>The rep's words: a dismissal's reason text.</summary>
    public string? Note { get; set; }
    public DateOnly? SnoozedUntil { get; set; }
}
