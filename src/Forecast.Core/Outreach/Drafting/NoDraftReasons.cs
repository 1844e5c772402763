namespace Forecast.Core.Outreach.Drafting;

/// <summary>
/// Why a reminder has no draft. The reminder row keeps the English sentence (it is written once, read by reps of any
/// language), so the note and the digest translate the sentences they know into the rep's language.
/// </summary>
public static class NoDraftReasons
{
    public const string AllOptedOut = "Every contact of this customer opted out of email, so there is no draft: call or visit instead.";

    private static readonly Dictionary<string, Dictionary<string, string>> Translations = new(StringComparer.Ordinal)
    {
        ["zh-TW"] = new(StringComparer.Ordinal)
        {
            [AllOptedOut] = "此客戶的所有聯絡人都已取消訂閱電子郵件，因此沒有草稿：請改以電話聯絡或親自拜訪。",
        },
    };

    /// <summary>The reason in the template language; a sentence without a translation is kept as written rather than lost.</summary>
    public static string InLanguage(string? reason, string language) =>
        reason is null ? "" : Translations.TryGetValue(language, out var texts) && texts.TryGetValue(reason, out var text) ? text : reason;
}
