using System.Text.RegularExpressions;
using Forecast.Core.Customers;
using Forecast.Core.Demand;
using Forecast.Core.Ingest;
using Forecast.Core.Inventory;
using Forecast.Core.Opportunities;
using Forecast.Core.Outreach.Reminders;
using Forecast.Core.Reorder;
using Microsoft.Extensions.Localization;

namespace Forecast.Web;

/// <summary>
/// Codes the database stores in English (enum names, stage names, link methods, the owner rule's reason) as the words a
/// page shows: each returns the English text, which is the key of its Resources/SharedResource.zh-TW.resx translation.
/// Pass the result through the localizer; never print the code itself.
/// </summary>
public static partial class Labels
{
    /// <summary>Enum members read as English words already (Open, Shipped, Meeting...); their name is the key.</summary>
    public static string Of(Enum value) => value.ToString();

    /// <summary>Pipeline stages and model kinds.</summary>
    public static readonly IReadOnlyDictionary<string, string> Stages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DropFolderStage.StageName] = "Import",
        [CustomersStage.StageName] = "Customers",
        [DemandStage.StageName] = "Demand forecast",
        [Core.Accuracy.AccuracyStage.StageName] = "Forecast accuracy",
        [ReorderStage.StageName] = "Reorder prediction",
        [WinProbabilityStage.StageName] = "Win probability",
        [InventoryStage.StageName] = "Stock projection",
        [RemindersStage.StageName] = "Reminders",
    };

    public static string Stage(string code) => Stages.GetValueOrDefault(code, code);

    /// <summary>How a run was started.</summary>
    public static readonly IReadOnlyDictionary<string, string> Triggers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["manual"] = "started by hand",
        ["cli"] = "command line",
        ["schedule"] = "schedule",
        ["replay"] = "replay of a past night",
    };

    public static string Trigger(string code) => Triggers.GetValueOrDefault(code, code);

    /// <summary>Why a CRM account is linked to a customer: the strongest evidence of the match, or a person's decision.</summary>
    public static readonly IReadOnlyDictionary<string, string> LinkMethods = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["manual"] = "confirmed by hand",
        ["tax-id"] = "same tax ID",
        ["domain"] = "same email domain",
        ["country"] = "same country",
        ["name"] = "similar name",
    };

    public static string LinkMethod(string code) => LinkMethods.GetValueOrDefault(code, code);

    /// <summary>
    /// The owner rule (CustomerUnification) stores its reason as an English sentence; this reads the sentence back
    /// into a localized one. A sentence it does not know is shown as stored rather than lost.
    /// </summary>
    public static string OwnerReason(string reason, IStringLocalizer text)
    {
        if (OnlyLinked().Match(reason) is { Success: true } only)
            return text["owner of the only linked CRM account {0}", only.Groups[1].Value];
        if (OldestLinked().Match(reason) is { Success: true } oldest)
            return text["owner of {0}, the oldest of {1} linked accounts (none has activity)", oldest.Groups[1].Value, oldest.Groups[2].Value];
        if (MostRecent().Match(reason) is { Success: true } recent)
            return text["owner of {0}, the linked account with the most recent activity ({1})", recent.Groups[1].Value,
                DateOnly.TryParseExact(recent.Groups[2].Value, "yyyy-MM-dd", out var day) ? Display.Date(day) : recent.Groups[2].Value];
        if (MostActive().Match(reason) is { Success: true } active)
            return text["no linked account has an active owner; most active rep in the last {0} days ({1} activities)", active.Groups[1].Value, active.Groups[2].Value];
        if (reason == "no CRM account is linked: no rep works this customer yet" || reason == "the linked accounts have no active owner and no recent activity"
            || reason == OwnerAssignment.Reason)
            return text[reason];
        return reason;
    }

    [GeneratedRegex(@"^owner of the only linked CRM account (.+)$")]
    private static partial Regex OnlyLinked();

    [GeneratedRegex(@"^owner of (.+), the oldest of (\d+) linked accounts \(none has activity\)$")]
    private static partial Regex OldestLinked();

    [GeneratedRegex(@"^owner of (.+), the linked account with the most recent activity \((\d{4}-\d{2}-\d{2})\)$")]
    private static partial Regex MostRecent();

    [GeneratedRegex(@"^no linked account has an active owner; most active rep in the last (\d+) days \((\d+) activities\)$")]
    private static partial Regex MostActive();
}
