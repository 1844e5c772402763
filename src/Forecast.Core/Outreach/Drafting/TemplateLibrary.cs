using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;
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

    /// <summary>Time one render (a subject or a body) may take; past it the draft fails with the reason.</summary>
    [Range(10, 60_000)]
    public int MaxRenderMilliseconds { get; set; } = 2_000;

    /// <summary>Characters one render may write, and the most any string (or items any list) in a template may hold.</summary>
    [Range(1_024, 10_000_000)]
    public int MaxOutputCharacters { get; set; } = 65_536;

    /// <summary>Statements one render may run (Fluid's <c>MaxSteps</c>), and the longest range <c>(a..b)</c> a template may build.</summary>
    [Range(100, 10_000_000)]
    public int MaxSteps { get; set; } = 100_000;
}

/// <summary>A rendered message: subject line and body.</summary>
public sealed record Draft(string Subject, string Body);

/// <summary>Why a draft could not be made, in words a person can act on.</summary>
public sealed class DraftException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Liquid templates rendered by Fluid, a sandboxed engine: a template sees only the dictionary it is given and cannot
/// run code. A template file starts with <c>subject: ...</c>, a line <c>---</c>, then the body. Unknown fields fail
/// loudly, so a typo in an edited template is reported instead of mailing a hole. An edited template is untrusted
/// input: <see cref="TemplateSandbox"/> refuses includes when it is loaded and bounds each render's time, output and
/// values (<see cref="OutreachOptions"/>); any failure is a <see cref="DraftException"/> the caller records.
/// </summary>
public sealed class TemplateLibrary(IOptions<OutreachOptions> options, TimeProvider time)
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, (IFluidTemplate Subject, IFluidTemplate Body)> _cache = new();

    /// <summary>Renders template <paramref name="name"/> in <paramref name="language"/>; throws <see cref="DraftException"/> with the reason.</summary>
    public async Task<Draft> RenderAsync(string name, string language, IReadOnlyDictionary<string, object?> model, CultureInfo culture)
    {
        var (subject, body) = _cache.GetOrAdd($"{name}.{language}", _ => Load(name, language));
        var missing = new List<string>();
        Draft draft;
        try
        {
            var subjectText = await RenderPartAsync(subject, $"{name}.{language}.subject", model, culture, missing);
            var bodyText = await RenderPartAsync(body, $"{name}.{language}.body", model, culture, missing);
            draft = new Draft(subjectText.Trim(), bodyText.Trim() + "\n");
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("The maximum ", StringComparison.Ordinal))
        {
            // Fluid 2.41 reports its step limit with its recursion message; with includes refused, only steps remain.
            throw new DraftException(
                $"Template '{name}.{language}' ran more than {options.Value.MaxSteps:N0} statements (Outreach:MaxSteps); look for a loop that does too much.", ex);
        }
        catch (Exception ex) when (ex is not DraftException and not OperationCanceledException)
        {
            // Whatever an edited template does wrong (a limit, a bad filter argument, a deep stack), it fails this draft only.
            throw new DraftException($"Template '{name}.{language}' failed to render: {ex.Message}", ex);
        }
        if (missing.Count > 0)
            throw new DraftException($"Template '{name}.{language}' uses {string.Join(", ", missing.Distinct().Select(m => $"'{m}'"))}, which the draft does not provide. Fields available: {string.Join(", ", model.Keys)}.");
        return draft;
    }

    private async Task<string> RenderPartAsync(
        IFluidTemplate template, string templateName, IReadOnlyDictionary<string, object?> model, CultureInfo culture, List<string> missing)
    {
        var limits = options.Value;
        var budget = new RenderBudget(time, TimeSpan.FromMilliseconds(limits.MaxRenderMilliseconds), limits.MaxOutputCharacters, limits.MaxSteps, templateName);
        var templateOptions = new TemplateOptions
        {
            CultureInfo = culture,
            MaxSteps = limits.MaxSteps,
            MaxRecursion = 20,
            // Includes are refused when a template is loaded; this is the second lock on the same door.
            FileProvider = new NullFileProvider(),
            Undefined = path =>
            {
                lock (missing)
                    missing.Add(path);
                return ValueTask.FromResult<FluidValue>(NilValue.Instance);
            },
            Assigned = (identifier, value, _) =>
            {
                budget.CheckValue(value, $"'{identifier}'");
                return ValueTask.FromResult(value);
            },
        };
        budget.Guard(templateOptions);
        var context = new TemplateContext(templateOptions);
        foreach (var (key, value) in model)
            context.SetValue(key, ToFluid(value, key, missing, templateOptions));
        return await TemplateSandbox.RenderAsync(template, context, budget);
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
        var bodyLine = split[0].Count(c => c == '\n') + 3;
        return (Parse(split[0]["subject:".Length..].Trim(), name, language, "subject", 1), Parse(split[1], name, language, "body", bodyLine));
    }

    private IFluidTemplate Parse(string source, string name, string language, string part, int firstLine) =>
        TemplateSandbox.Load(Parser, source, $"{name}.{language}.{part}", options.Value.MaxOutputCharacters, firstLine);

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
