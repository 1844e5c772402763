using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Web;
using Forecast.Web.Charts;
using Forecast.Web.Pages.Admin;

namespace Forecast.IntegrationTests.Web;

/// <summary>Every English text the web pages localize has a Traditional Chinese entry (else zh-TW users see English).</summary>
public sealed partial class TranslationCoverageTests
{
    // The web engineer's pages; the reminders pages and the mailbox are checked on their own branch.
    private static readonly string[] Folders = ["Pages/Planner", "Pages/Reps/Customers", "Pages/Admin", "Pages/Account", "Pages/Shared", "Charts"];
    private static readonly string[] Files = ["Pages/Status.cshtml", "Pages/Status.cshtml.cs", "Pages/Index.cshtml", "Pages/Reps/WonDeals.cshtml", "Pages/Reps/Assistant.cshtml"];

    private static string WebProject => WebSources.Project;

    private static HashSet<string> Translated()
    {
        var resx = XDocument.Load(Path.Combine(WebProject, "Resources", "SharedResource.zh-TW.resx"));
        return resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void PageTexts_HaveATraditionalChineseEntry()
    {
        var sources = Folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(WebProject, f), "*.cs*", SearchOption.AllDirectories))
            .Concat(Files.Select(f => Path.Combine(WebProject, f)))
            .Where(f => !Path.GetFileName(f).StartsWith("Mailbox", StringComparison.Ordinal));
        var used = sources.SelectMany(f => LocalizedText().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: Regex.Unescape(m.Groups[1].Value))))
            .ToList();
        Assert.True(used.Count > 150, $"only {used.Count} texts found: has the T[\"...\"] convention changed?");

        var translated = Translated();
        var missing = used.Where(u => !translated.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "No zh-TW entry for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void ChartLabels_HaveATraditionalChineseEntry()
    {
        var labels = typeof(ProductChartLabels).GetProperties().Where(p => p.PropertyType == typeof(string))
            .Select(p => (string)p.GetValue(ProductChartLabels.English)!).ToList();
        var translated = Translated();
        Assert.All(labels, l => Assert.Contains(l, translated));
    }

    [Fact]
    public void StoredCodes_ShownOnPages_HaveATraditionalChineseEntry()
    {
        // Enums the pages print through Labels.Of, and the code tables of Labels: a new member or code needs a translation.
        Enum[] enums = [.. Enum.GetValues<Forecast.Core.Data.SalesOrderStatus>().Cast<Enum>(), .. Enum.GetValues<Forecast.Core.Data.ActivityKind>().Cast<Enum>(),
            .. Enum.GetValues<Forecast.Core.ModelStore.RunStatus>().Cast<Enum>(), .. Enum.GetValues<Forecast.Core.Ingest.ImportStatus>().Cast<Enum>(),
            .. Enum.GetValues<Forecast.Core.Outreach.OutboxStatus>().Cast<Enum>()];
        var texts = enums.Select(Labels.Of).Concat(Labels.Stages.Values).Concat(Labels.Triggers.Values).Concat(Labels.LinkMethods.Values).Concat(OwnerReasonKeys)
            .Concat(RunMetrics.Names.Values.Select(n => n.Label)).Concat(RunMetrics.Words.Values).Concat(RunMetrics.Sentences);
        var translated = Translated();
        var missing = texts.Where(t => !translated.Contains(t)).Distinct().ToList();
        Assert.True(missing.Count == 0, "No zh-TW entry for:\n" + string.Join("\n", missing));
    }

    private static readonly string[] OwnerReasonKeys =
    [
        "owner of the only linked CRM account {0}",
        "owner of {0}, the oldest of {1} linked accounts (none has activity)",
        "owner of {0}, the linked account with the most recent activity ({1})",
        "no linked account has an active owner; most active rep in the last {0} days ({1} activities)",
        "no CRM account is linked: no rep works this customer yet",
        "the linked accounts have no active owner and no recent activity",
    ];

    [Fact]
    public void Translations_KeepTheirPlaceholders()
    {
        var resx = XDocument.Load(Path.Combine(WebProject, "Resources", "SharedResource.zh-TW.resx"));
        foreach (var data in resx.Root!.Elements("data"))
        {
            var key = (string)data.Attribute("name")!;
            var value = (string)data.Element("value")!;
            var expected = Placeholder().Matches(key).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
            var actual = Placeholder().Matches(value).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(actual), string.Create(CultureInfo.InvariantCulture, $"'{key}' -> '{value}': placeholders differ"));
        }
    }

    [Fact]
    public void Translations_AreUnique_IgnoringCase()
    {
        // The resource compiler keeps one of two names differing only in case (MSB3568), so the other stays English.
        var names = XDocument.Load(Path.Combine(WebProject, "Resources", "SharedResource.zh-TW.resx")).Root!.Elements("data").Select(d => (string)d.Attribute("name")!);
        var duplicates = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    /// <summary>
    /// Pages with their own resource file: the resx name, the letter of the page's localizer (a local <c>words</c> too),
    /// how many texts the files must at least hold (so a changed convention cannot pass as "nothing missing"), the files.
    /// </summary>
    public static TheoryData<string, string, int, string[]> PageResources => new()
    {
        { "AccuracyPageText", "A", 25, ["Pages/Planner/Accuracy.cshtml", "Pages/Planner/Accuracy.cshtml.cs", "Pages/Shared/_AccuracyDriftBanner.cshtml"] },
        { "FailedRemindersText", "F", 15, ["Pages/Admin/FailedReminders.cshtml", "Pages/Admin/FailedReminders.cshtml.cs"] },
        { "CrmDeliveriesText", "C", 15, ["Pages/Admin/CrmDeliveries.cshtml", "Pages/Admin/CrmDeliveries.cshtml.cs"] },
        { "ProfitabilityText", "P", 25, ["Pages/Reps/Profitability.cshtml", "Pages/Reps/Profitability.cshtml.cs"] },
        { "PricingText", "P", 25, ["Pages/Reps/Deal.cshtml", "Pages/Reps/Deal.cshtml.cs"] },
    };

    [Theory]
    [MemberData(nameof(PageResources))]
    public void PageOwnTexts_HaveATraditionalChineseEntry(string resource, string localizer, int atLeast, string[] files)
    {
        var pattern = new Regex($@"\b(?:{localizer}|words)\[""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant);
        var used = files.SelectMany(f => pattern.Matches(File.ReadAllText(Path.Combine(WebSources.Project, f))).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .Distinct().ToList();
        Assert.True(used.Count >= atLeast, $"only {used.Count} texts found in {string.Join(", ", files)}: has the {localizer}[\"...\"] convention changed?");

        var translated = WebSources.Translations(resource);
        var missing = used.Where(u => !translated.ContainsKey(u)).ToList();
        Assert.True(missing.Count == 0, $"No zh-TW entry in {resource}.zh-TW.resx for:\n" + string.Join("\n", missing));
    }

    [GeneratedRegex(@"\b(?:T|text)\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizedText();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
