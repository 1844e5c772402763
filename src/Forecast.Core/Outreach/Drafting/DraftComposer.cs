using System.Globalization;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.Drafting;

/// <summary>The rep's reminder and the drafted customer email, both in the right language.</summary>
public sealed record ComposedReminder(Draft ForRep, Draft CustomerDraft, string CustomerLanguage);

/// <summary>What the note to the rep carries besides the facts: the draft (or why there is none) and a link to the page.</summary>
public sealed record RepNoteExtras(Draft? Draft, string? DraftLanguage, string? DraftTo, string? NoDraftReason, string? Link);

/// <summary>One line of a rep's daily digest.</summary>
public sealed record DigestItem(DraftFacts Facts, string? NoDraftReason, string Link);

/// <summary>
/// Turns facts into the texts of a reminder: the draft to the customer's contact (in the contact's language) for the rep
/// to review and send, the note to the rep (in the rep's language) explaining why now with the draft below it, and the
/// rep's daily digest when there are many.
/// </summary>
public sealed class DraftComposer(TemplateLibrary templates, IOptions<OutreachOptions> options)
{
    public const string CustomerTemplate = "customer-draft";
    public const string RepTemplate = "rep-reminder";
    public const string DigestTemplate = "rep-digest";

    /// <summary>Throws <see cref="DraftException"/> with the reason when a template is missing or broken.</summary>
    public async Task<ComposedReminder> ComposeAsync(DraftFacts facts, string? contactLanguage, string? repLanguage)
    {
        var (draft, customerLanguage) = await DraftForCustomerAsync(facts, contactLanguage);
        var note = await NoteForRepAsync(facts, repLanguage, new RepNoteExtras(draft, customerLanguage, facts.ContactName, null, null));
        return new ComposedReminder(note, draft, customerLanguage);
    }

    /// <summary>The draft for the customer's contact, and the language it was written in.</summary>
    public async Task<(Draft Draft, string Language)> DraftForCustomerAsync(DraftFacts facts, string? contactLanguage)
    {
        var language = LanguageOrDefault(contactLanguage);
        var culture = Culture(language);
        return (await templates.RenderAsync(CustomerTemplate, language, facts.ToTemplateModel(culture), culture), language);
    }

    /// <summary>The note to the rep: why now, what to mind (overdue invoices, short stock), then the draft or why there is none.</summary>
    public Task<Draft> NoteForRepAsync(DraftFacts facts, string? repLanguage, RepNoteExtras extras)
    {
        var language = LanguageOrDefault(repLanguage);
        var culture = Culture(language);
        var model = facts.ToTemplateModel(culture);
        model["draft"] = extras.Draft is null ? null : new Dictionary<string, object?>
        {
            ["subject"] = extras.Draft.Subject,
            ["body"] = extras.Draft.Body.TrimEnd(),
            ["language"] = extras.DraftLanguage ?? "",
            ["to"] = extras.DraftTo ?? "",
        };
        model["no_draft_reason"] = NoDraftReasons.InLanguage(extras.NoDraftReason, language);
        model["link"] = extras.Link ?? "";
        return templates.RenderAsync(RepTemplate, language, model, culture);
    }

    /// <summary>One email listing a rep's reminders of the day with their why-now, linking to the reminders page.</summary>
    public async Task<Draft> DigestForRepAsync(string repName, DateOnly today, string link, IReadOnlyList<DigestItem> items, string? repLanguage)
    {
        var language = LanguageOrDefault(repLanguage);
        var culture = Culture(language);
        var lines = new List<Dictionary<string, object?>>();
        foreach (var item in items)
        {
            // The title of each line is the subject the single reminder email would have had.
            var note = await NoteForRepAsync(item.Facts, language, new RepNoteExtras(null, null, null, item.NoDraftReason, item.Link));
            var model = item.Facts.ToTemplateModel(culture);
            lines.Add(new Dictionary<string, object?>
            {
                ["title"] = note.Subject,
                ["why_now"] = model["why_now"],
                ["receivables"] = model["receivables"],
                ["no_draft_reason"] = NoDraftReasons.InLanguage(item.NoDraftReason, language),
                ["link"] = item.Link,
            });
        }
        var digest = new Dictionary<string, object?>
        {
            ["rep"] = new Dictionary<string, object?> { ["name"] = repName },
            ["today"] = today.ToString(culture.Name.StartsWith("zh", StringComparison.Ordinal) ? "yyyy/MM/dd" : "d MMM yyyy", culture),
            ["count"] = items.Count,
            ["link"] = link,
            ["reminders"] = lines,
        };
        return await templates.RenderAsync(DigestTemplate, language, digest, culture);
    }

    /// <summary>The template language for a requested one (normalised), or the configured default.</summary>
    public string LanguageOrDefault(string? language) => Normalise(language) ?? Normalise(options.Value.DefaultLanguage) ?? "en";

    private static CultureInfo Culture(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException ex)
        {
            throw new DraftException($"'{language}' is not a language this machine knows; set the contact's language to a BCP 47 tag such as en or zh-TW.", ex);
        }
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
