using System.Text.Json;
using Forecast.Core.Outreach.Drafting;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>The facts snapshot of a reminder (<see cref="Reminder.FactsJson"/>): written once, read by the mailer and the pages.</summary>
public static class ReminderFacts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(DraftFacts facts) => JsonSerializer.Serialize(facts, Json);

    public static DraftFacts Read(string json) =>
        JsonSerializer.Deserialize<DraftFacts>(json, Json) ?? throw new InvalidOperationException("A reminder's facts snapshot is empty.");

    /// <summary>The facts, or null when the snapshot cannot be read (a row written by an older version).</summary>
    public static DraftFacts? TryRead(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonSerializer.Deserialize<DraftFacts>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
