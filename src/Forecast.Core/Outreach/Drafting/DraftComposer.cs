using System.Globalization;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.Drafting;

/// <summary>The rep's reminder and the drafted customer email, both in the right language.</summary>
public sealed record ComposedReminder(Draft ForRep, Draft CustomerDraft, string CustomerLanguage);

/// <summary>
/// Turns facts into the two texts of a reminder: the note to the rep (in the rep's language) explaining why now,
/// and the draft to the customer's contact (in the contact's language) for the rep to review and send.
/// </summary>
public sealed class DraftComposer(TemplateLibrary templates, IOptions<OutreachOptions> options)
{
    public const string CustomerTemplate = "customer-draft";
    public const string RepTemplate = "rep-reminder";

    /// <summary>Throws <see cref="DraftException"/> with the reason when a template is missing or broken.</summary>
    public async Task<ComposedReminder> ComposeAsync(DraftFacts facts, string? contactLanguage, string? repLanguage)
    {
        var customerLanguage = Normalise(contactLanguage) ?? options.Value.DefaultLanguage;
        var repLang = Normalise(repLanguage) ?? options.Value.DefaultLanguage;
        var customerCulture = CultureInfo.GetCultureInfo(customerLanguage);
        var repCulture = CultureInfo.GetCultureInfo(repLang);
        var draft = await templates.RenderAsync(CustomerTemplate, customerLanguage, facts.ToTemplateModel(customerCulture), customerCulture);
        var note = await templates.RenderAsync(RepTemplate, repLang, facts.ToTemplateModel(repCulture), repCulture);
        return new ComposedReminder(note, draft, customerLanguage);
    }

    /// <summary>CRM exports write zh_TW, zh-tw, zh-Hant, en-US...; templates are named en and zh-TW.</summary>
    public static string? Normalise(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
            return null;
        var tag = language.Trim().Replace('_', '-');
        if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            return tag.Contains("CN", StringComparison.OrdinalIgnoreCase) || tag.Contains("Hans", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "zh-TW";
        if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            return "en";
        return tag.ToLowerInvariant();
    }
}
