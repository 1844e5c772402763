using System.Xml.Linq;
using Forecast.Core;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Mono.Cecil;

namespace Forecast.UnitTests.Architecture;

/// <summary>
/// What ships is the product only (issue 14): <c>src/</c> holds the product projects alone; the demo world and the
/// benchmarks are tools beside it that reference the product, never the other way round, and the demo mail sink's
/// storage stays out of the product's EF model and migration.
/// </summary>
public sealed class ProductDependencyTests
{
    private static readonly string[] Product = ["Forecast.Modeling", "Forecast.Core", "Forecast.Web", "Forecast.Cli"];
    private static readonly string[] ToolProjects = ["Forecast.DemoWorld", "Forecast.Benchmarks"];
    private static readonly string[] ToolAssemblies = ["forecast-demo", "forecast-bench", .. ToolProjects];

    [Fact]
    public void SourceFolder_HoldsOnlyProductProjects()
    {
        // A tool dropped into src/ would look like part of the product to whoever packages or reads it next.
        Assert.Equal(Product.Order(StringComparer.Ordinal), ProjectsUnder("src").Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryProjectUnderSource_ReferencesNoToolProject_EvenTransitively()
    {
        var projects = ProjectsUnder("src");
        Assert.NotEmpty(projects);
        foreach (var project in projects.Keys)
        {
            var reached = ProjectClosure(project);
            Assert.DoesNotContain(reached, p => ToolProjects.Contains(p));
            Assert.All(reached, p => Assert.Contains(p, Product));
        }
    }

    [Theory]
    [InlineData("Forecast.Core.dll")]
    [InlineData("forecast.dll")]
    public void ProductAssembly_ReferencesNoToolAssembly(string file)
    {
        Assert.DoesNotContain(AssemblyReferences(file), r => ToolAssemblies.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheReadersSeeReferences_SoTheTestsAboveCanFail()
    {
        // The benchmarks reference the CLI (its composition root) and the demo world: if these are not seen, the
        // readers are broken, not the product clean.
        Assert.Contains("Forecast.Cli", ProjectClosure("Forecast.Benchmarks"));
        Assert.Contains("Forecast.DemoWorld", ProjectClosure("Forecast.Benchmarks"));
        Assert.Contains("Forecast.Core", ProjectClosure("Forecast.Web"));
        Assert.Contains("forecast-demo", AssemblyReferences("forecast-bench.dll"));
        Assert.Contains("forecast", AssemblyReferences("forecast-bench.dll"));
    }

    [Fact]
    public void ProductModelAndMigration_HoldNoDevelopmentMailbox()
    {
        using var db = new ForecastDbContext(new DbContextOptionsBuilder<ForecastDbContext>().UseNpgsql("Host=unused").Options);
        var snapshot = typeof(ForecastCoreRegistration).Assembly.GetTypes().Single(t => t.IsSubclassOf(typeof(ModelSnapshot)));
        var snapshotModel = ((ModelSnapshot)Activator.CreateInstance(snapshot)!).Model;

        foreach (var (name, model) in new[] { ("model", (Microsoft.EntityFrameworkCore.Metadata.IReadOnlyModel)db.Model), ("migration", snapshotModel) })
        {
            var tables = model.GetEntityTypes().Select(e => $"{e.GetSchema()}.{e.GetTableName()}").ToList();
            Assert.True(tables.Count > 20, $"the {name} was not read: {tables.Count} tables");
            Assert.DoesNotContain(tables, t => t.Contains("mailbox", StringComparison.OrdinalIgnoreCase) || t.StartsWith("devsink.", StringComparison.Ordinal));
        }
    }

    /// <summary>Every project <paramref name="project"/> reaches through ProjectReference, by name (itself excluded).</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var all = AllProjects();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            foreach (var reference in XDocument.Load(all[next]).Descendants("ProjectReference"))
            {
                var name = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
                if (reached.Add(name))
                    pending.Push(name);
            }
        }
        return reached;
    }

    /// <summary>The repository's projects by name, from the files on disk (build output excluded).</summary>
    private static Dictionary<string, string> AllProjects() => ProjectsUnder(".");

    private static Dictionary<string, string> ProjectsUnder(string folder) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), folder), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), Path.GetFullPath, StringComparer.Ordinal);

    private static List<string> AssemblyReferences(string file)
    {
        using var module = ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, file));
        return module.AssemblyReferences.Select(r => r.Name).ToList();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Forecast.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Forecast.sln not found above {AppContext.BaseDirectory}");
    }
}
