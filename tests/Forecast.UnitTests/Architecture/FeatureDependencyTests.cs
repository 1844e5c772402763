using Forecast.Core;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Forecast.UnitTests.Architecture;

/// <summary>
/// The feature folders of Forecast.Core depend on each other one way (docs/architecture.md). Read from the compiled
/// assembly, so every kind of use counts: signatures, base types, attributes, and the types a method body touches
/// (including lambdas and async state machines, which belong to the type that wrote them).
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string Root = "Forecast.Core";

    /// <summary>
    /// The DbContext maps every feature's entities: edges out of <c>Data</c> are its configuration, not a use, and
    /// would make every feature a cycle with every other.
    /// </summary>
    private static readonly HashSet<string> Hubs = ["Data"];

    [Fact]
    public void FeatureFolders_HaveNoDependencyCycle()
    {
        var graph = FeatureGraph();
        var cycles = StronglyConnected(graph.Keys.ToList(), f => graph[f].Keys).Where(c => c.Count > 1).ToList();

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(c =>
            "cycle between " + string.Join(", ", c) + ":\n" + string.Join("\n", c.SelectMany(from => graph[from]
                .Where(e => c.Contains(e.Key)).Select(e => $"  {from} -> {e.Key} (e.g. {e.Value})"))))));
    }

    [Fact]
    public void TheKernel_UsesNoFeature()
    {
        var graph = FeatureGraph();
        var allowed = new HashSet<string>(["Data", "ModelStore", "Access"]);
        var used = graph["Jobs"].Where(e => !allowed.Contains(e.Key)).Select(e => $"Jobs -> {e.Key} (e.g. {e.Value})").ToList();
        Assert.True(used.Count == 0, string.Join("\n", used));
    }

    [Fact]
    public void TheGraphIsRead_SoTheTestsAboveCanFail()
    {
        // Known one-way edges: if these disappear the reader is broken, not the architecture fixed.
        var graph = FeatureGraph();
        Assert.Contains("Jobs", graph["Outreach"].Keys);
        Assert.Contains("Demand", graph["Inventory"].Keys);
        Assert.Contains("Data", graph["Customers"].Keys);
        Assert.True(graph.Count >= 10, string.Join(", ", graph.Keys));
    }

    [Fact]
    public void TheCycleFinder_FindsACycle()
    {
        var edges = new Dictionary<string, string[]> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        var cycles = StronglyConnected(edges.Keys.ToList(), n => edges[n]).Where(c => c.Count > 1).ToList();
        Assert.Equal(["A", "B", "C"], Assert.Single(cycles).Order());
    }

    /// <summary>feature → (feature it uses → one example "Type -> Type").</summary>
    private static Dictionary<string, Dictionary<string, string>> FeatureGraph()
    {
        using var module = ModuleDefinition.ReadModule(typeof(ForecastCoreRegistration).Assembly.Location);
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in module.GetTypes())
        {
            var from = Feature(type);
            if (from is null)
                continue;
            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = [];
            if (Hubs.Contains(from))
                continue;
            foreach (var used in UsedTypes(type))
            {
                var to = Feature(used);
                if (to is not null && to != from && !edges.ContainsKey(to))
                    edges[to] = $"{Outer(type).FullName} -> {used.FullName}";
            }
        }
        return graph;
    }

    private static TypeReference Outer(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    /// <summary>The feature folder of a type of Forecast.Core (<c>Forecast.Core.Outreach.Reminders.X</c> → Outreach); null outside it or at its root (only Forecast.Core has these namespaces).</summary>
    private static string? Feature(TypeReference type)
    {
        var outer = Outer(type.GetElementType());
        var ns = outer.Namespace;
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
            return null;
        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        IEnumerable<TypeReference> Expand(TypeReference? t)
        {
            if (t is null)
                yield break;
            yield return t;
            if (t is GenericInstanceType generic)
            {
                foreach (var argument in generic.GenericArguments.SelectMany(Expand))
                    yield return argument;
            }
            if (t is TypeSpecification spec && spec.ElementType != t)
            {
                foreach (var inner in Expand(spec.ElementType))
                    yield return inner;
            }
        }

        foreach (var t in Expand(type.BaseType))
            yield return t;
        foreach (var i in type.Interfaces.SelectMany(i => Expand(i.InterfaceType)))
            yield return i;
        foreach (var a in type.CustomAttributes.SelectMany(a => Expand(a.AttributeType)))
            yield return a;
        foreach (var f in type.Fields.SelectMany(f => Expand(f.FieldType)))
            yield return f;
        foreach (var p in type.Properties.SelectMany(p => Expand(p.PropertyType)))
            yield return p;
        foreach (var method in type.Methods)
        {
            foreach (var t in Expand(method.ReturnType))
                yield return t;
            foreach (var t in method.Parameters.SelectMany(p => Expand(p.ParameterType)))
                yield return t;
            if (!method.HasBody)
                continue;
            foreach (var t in method.Body.Variables.SelectMany(v => Expand(v.VariableType)))
                yield return t;
            foreach (var instruction in method.Body.Instructions)
            {
                var touched = instruction.Operand switch
                {
                    TypeReference t => Expand(t),
                    MethodReference m => Expand(m.DeclaringType).Concat(Expand(m.ReturnType)).Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
                    FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
                    _ => [],
                };
                foreach (var t in touched)
                    yield return t;
            }
        }
    }

    /// <summary>Tarjan's strongly connected components; a component of two or more nodes is a cycle.</summary>
    private static List<List<string>> StronglyConnected(IReadOnlyList<string> nodes, Func<string, IEnumerable<string>> next)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next(v).Where(nodes.Contains))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string popped;
            do
            {
                popped = stack.Pop();
                onStack.Remove(popped);
                component.Add(popped);
            }
            while (popped != v);
            result.Add(component);
        }

        foreach (var node in nodes)
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }
        return result;
    }
}
