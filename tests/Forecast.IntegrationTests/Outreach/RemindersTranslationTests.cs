using System.Text.RegularExpressions;
using System.Xml.Linq;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>Every English text of the reps' worklist pages (reminders, deals) has a Traditional Chinese entry in RemindersText.</summary>
public sealed partial class RemindersTranslationTests
{
    private static readonly string[] Files =
        ["Reminders.cshtml", "Reminders.cshtml.cs", "RemindersDetail.cshtml", "RemindersDetail.cshtml.cs", "Deals.cshtml", "Deals.cshtml.cs"];

    private static string WebProject => WebSources.Project;

    [Fact]
    public void WorklistTexts_HaveATraditionalChineseEntry_WithTheSamePlaceholders()
    {
        var resx = XDocument.Load(Path.Combine(WebProject, "Resources", "RemindersText.zh-TW.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);
        var used = Files.SelectMany(f => LocalizedText().Matches(File.ReadAllText(Path.Combine(WebProject, "Pages", "Reps", f)))
                .Select(m => (File: f, Key: Regex.Unescape(m.Groups[1].Value))))
            .ToList();
        Assert.True(used.Count > 60, $"only {used.Count} texts found: has the R[\"...\"] convention changed?");

        var missing = used.Where(u => !resx.ContainsKey(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "No zh-TW entry for:\n" + string.Join("\n", missing));
        var wrong = resx.Where(e => !Placeholders(e.Key).SequenceEqual(Placeholders(e.Value))).Select(e => e.Key).ToList();
        Assert.True(wrong.Count == 0, "Placeholders differ:\n" + string.Join("\n", wrong));
    }

    private static List<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\b(?:R|text)\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizedText();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
