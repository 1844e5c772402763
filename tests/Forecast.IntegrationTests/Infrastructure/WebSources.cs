using System.Xml.Linq;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>The web project's sources and translations, read by the tests that check every page text has a zh-TW entry.</summary>
internal static class WebSources
{
    public static string Project { get; } = Find();

    /// <summary>The zh-TW entries of one resource file (<c>Resources/{name}.zh-TW.resx</c>): English key → translation.</summary>
    public static Dictionary<string, string> Translations(string name) =>
        XDocument.Load(Path.Combine(Project, "Resources", name + ".zh-TW.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Forecast.sln")))
            dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? throw new InvalidOperationException("Forecast.sln not found above the test binaries."), "src", "Forecast.Web");
    }
}
