using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.Drafting;

/// <summary>Where editable templates live. Section <c>Outreach</c>.</summary>
public sealed class OutreachOptions
{
    /// <summary>
    /// A folder of <c>{name}.{language}.liquid</c> files that override the built-in templates (copy one from
    /// <c>src/Forecast.Core/Outreach/Drafting/Templates</c> and edit it). Empty: the built-in ones.
    /// </summary>
    public string? TemplateFolder { get; set; }

    /// <summary>Language used when a contact has none.</summary>
    public string DefaultLanguage { get; set; } = "en";
}

/// <summary>A rendered message: subject line and body.</summary>
public sealed record Draft(string Subject, string Body);

/// <summary>Why a draft could not be made, in words a person can act on.</summary>
public sealed class DraftException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Liquid templates rendered by Fluid, a sandboxed engine: a template sees only the dictionary it is given and cannot
/// run code. A template file starts with <c>subject: ...</c>, a line <c>---</c>, then the body. Unknown fields fail
/// loudly, so a typo in an edited template is reported instead of mailing a hole.
/// </summary>
public sealed class TemplateLibrary(IOptions<OutreachOptions> options)
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, (IFluidTemplate Subject, IFluidTemplate Body)> _cache = new();

    /// <summary>Renders template <paramref name="name"/> in <paramref name="language"/>; throws <see cref="DraftException"/> with the reason.</summary>
    public async Task<Draft> RenderAsync(string name, string language, IReadOnlyDictionary<string, object?> model, CultureInfo culture)
    {
        var (subject, body) = _cache.GetOrAdd($"{name}.{language}", _ => Load(name, language));
        var missing = new List<string>();
        var templateOptions = new TemplateOptions
        {
            CultureInfo = culture,
            MaxSteps = 100_000,
            MaxRecursion = 20,
            Undefined = path =>
            {
                lock (missing)
                    missing.Add(path);
                return ValueTask.FromResult<FluidValue>(NilValue.Instance);
            },
        };
        var context = new TemplateContext(templateOptions);
        foreach (var (key, value) in model)
            context.SetValue(key, ToFluid(value, key, missing, templateOptions));
        Draft draft;
        try
        {
            draft = new Draft((await subject.RenderAsync(context)).Trim(), (await body.RenderAsync(context)).Trim() + "\n");
        }
        catch (Exception ex) when (ex is FluidException or InvalidOperationException)
        {
            throw new DraftException($"Template '{name}.{language}' failed to render: {ex.Message}", ex);
        }
        if (missing.Count > 0)
            throw new DraftException($"Template '{name}.{language}' uses {string.Join(", ", missing.Distinct().Select(m => $"'{m}'"))}, which the draft does not provide. Fields available: {string.Join(", ", model.Keys)}.");
        return draft;
    }

    /// <summary>
    /// A null fact is "known to be absent", not "unknown": Fluid reports nil as undefined, so absence is false
    /// (templates test it with if). Maps are wrapped so that asking for a key they lack is recorded as an error.
    /// </summary>
    private static FluidValue ToFluid(object? value, string path, List<string> missing, TemplateOptions options) => value switch
    {
        null => BooleanValue.False,
        IDictionary<string, object?> map => new DictionaryValue(new RecordingMap(map, path, missing, options)),
        IEnumerable<Dictionary<string, object?>> list => new ArrayValue(list.Select((m, i) => ToFluid(m, $"{path}[{i}]", missing, options)).ToArray()),
        _ => FluidValue.Create(value, options),
    };

    /// <summary>A read-only map for templates that records every key asked for but absent.</summary>
    private sealed class RecordingMap(IDictionary<string, object?> map, string path, List<string> missing, TemplateOptions options) : IFluidIndexable
    {
        public int Count => map.Count;
        public IEnumerable<string> Keys => map.Keys;
        public IEnumerable<FluidValue> Values => map.Select(e => ToFluid(e.Value, $"{path}.{e.Key}", missing, options));

        public bool TryGetValue(string name, out FluidValue value)
        {
            if (map.TryGetValue(name, out var raw))
            {
                value = ToFluid(raw, $"{path}.{name}", missing, options);
                return true;
            }
            lock (missing)
                missing.Add($"{path}.{name}");
            value = NilValue.Instance;
            return false;
        }
    }

    public bool Exists(string name, string language) => ReadSource(name, language) is not null;

    private (IFluidTemplate, IFluidTemplate) Load(string name, string language)
    {
        var source = ReadSource(name, language)
            ?? throw new DraftException($"No '{name}' template in language '{language}'. Add {name}.{language}.liquid to the template folder, or set the contact's language to one that exists.");
        var split = source.ReplaceLineEndings("\n").Split("\n---\n", 2);
        if (split.Length != 2 || !split[0].StartsWith("subject:", StringComparison.OrdinalIgnoreCase))
            throw new DraftException($"Template '{name}.{language}' must start with 'subject: ...', then a line '---', then the body.");
        return (Parse(split[0]["subject:".Length..].Trim(), name, language, "subject"), Parse(split[1], name, language, "body"));
    }

    private static IFluidTemplate Parse(string source, string name, string language, string part) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new DraftException($"Template '{name}.{language}' ({part}) does not parse: {error}");

    private string? ReadSource(string name, string language)
    {
        var file = $"{name}.{language}.liquid";
        if (!string.IsNullOrWhiteSpace(options.Value.TemplateFolder))
        {
            var path = Path.Combine(options.Value.TemplateFolder, file);
            if (File.Exists(path))
                return File.ReadAllText(path);
        }
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Forecast.Core.Outreach.Drafting.Templates.{file}");
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
