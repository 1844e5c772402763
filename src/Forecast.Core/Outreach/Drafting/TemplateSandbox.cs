using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Forecast.Core.Outreach.Drafting;

/// <summary>A template went past one of the render limits (time, output size, value size, range length).</summary>
public sealed class TemplateLimitException(string message) : Exception(message);

/// <summary>
/// What one render may spend. Fluid's own <c>MaxSteps</c> counts statements but not the work inside one: a range
/// <c>(1..100000000)</c> is materialised before the first step (97 s and 8.85 GB in the field), a doubling
/// <c>append</c> or <c>replace</c> grows a string past memory in 30 steps, and a <c>capture</c> buffers its own output.
/// The budget is checked at each of those places, so the render stops at the first value or output over the limit
/// and at the first check after the deadline.
/// </summary>
public sealed class RenderBudget(TimeProvider time, TimeSpan maxDuration, int maxCharacters, int maxRangeLength, string template)
{
    private readonly long _started = time.GetTimestamp();

    public void CheckTime()
    {
        if (time.GetElapsedTime(_started) > maxDuration)
            throw new TemplateLimitException(
                $"Template '{template}' took longer than {maxDuration.TotalMilliseconds:0} ms to render (Outreach:MaxRenderMilliseconds); look for a loop that does too much.");
    }

    public void CheckOutput(long length)
    {
        if (length > maxCharacters)
            throw new TemplateLimitException(
                $"Template '{template}' output is over {maxCharacters:N0} characters (Outreach:MaxOutputCharacters); look for a loop that writes or appends too much.");
    }

    /// <summary>A string value or a list held in a variable, a capture or a filter's result.</summary>
    public void CheckValue(FluidValue value, string what)
    {
        var size = value switch
        {
            StringValue s => s.ToStringValue().Length,
            ArrayValue a => a.Values.Count,
            _ => 0,
        };
        if (size > maxCharacters)
            throw new TemplateLimitException(
                $"Template '{template}': {what} is over {maxCharacters:N0} {(value is ArrayValue ? "items" : "characters")} (Outreach:MaxOutputCharacters); look for a loop that appends too much.");
        CheckTime();
    }

    public void CheckRange(decimal from, decimal to)
    {
        if (to - from + 1 > maxRangeLength)
            throw new TemplateLimitException(
                $"Template '{template}': the range ({from}..{to}) has more than {maxRangeLength:N0} items (Outreach:MaxSteps); loop over the facts given, not over a long range.");
    }

    /// <summary>
    /// Wraps every filter of <paramref name="options"/>: the two that can multiply a string's length in one call
    /// (<c>replace</c>, <c>join</c>) are checked before they run, every result after.
    /// </summary>
    public void Guard(TemplateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, filter) in options.Filters.ToList())
        {
            options.Filters.AddFilter(name, async (input, arguments, context) =>
            {
                CheckTime();
                if (name == "replace")
                    CheckReplace(input.ToStringValue(), arguments.At(0).ToStringValue(), arguments.At(1).ToStringValue());
                else if (name == "join" && input is ArrayValue list)
                    CheckOutput(list.Values.Sum(v => (long)v.ToStringValue().Length) + (long)list.Values.Count * arguments.At(0).ToStringValue().Length);
                var result = await filter(input, arguments, context);
                CheckValue(result, $"the result of '{name}'");
                return result;
            });
        }
    }

    private void CheckReplace(string input, string search, string replacement)
    {
        if (search.Length == 0 || replacement.Length <= search.Length)
            return;
        long count = 0;
        for (var at = input.IndexOf(search, StringComparison.Ordinal); at >= 0; at = input.IndexOf(search, at + search.Length, StringComparison.Ordinal))
            count++;
        CheckOutput(input.Length + count * (replacement.Length - search.Length));
    }
}

/// <summary>The text a render writes, refused past the budget's size and deadline as it is written.</summary>
public sealed class BoundedWriter(RenderBudget budget) : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value)
    {
        budget.CheckOutput(_text.Length + 1L);
        _text.Append(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        budget.CheckOutput(_text.Length + (long)buffer.Length);
        budget.CheckTime();
        _text.Append(buffer);
    }

    public override void Write(string? value) => Write(value.AsSpan());

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override string ToString() => _text.ToString();
}

/// <summary>
/// Makes a parsed template safe to render: ranges are bounded before they are built, captures write to a
/// <see cref="BoundedWriter"/>, and a template that reads other files (<c>include</c>, <c>render</c>) is refused
/// when it is loaded. Drafts need no shared parts, so no file is ever opened on a template's behalf.
/// </summary>
public sealed partial class TemplateSandbox : AstRewriter
{
    private const string BudgetKey = "forecast:render-budget";

    /// <summary>Deeper than any real email; a deeper nest is refused before Parlot's recursive descent could overflow the stack.</summary>
    public const int MaxNesting = 40;

    private readonly string _source;
    private readonly string _template;
    private readonly int _firstLine;

    private TemplateSandbox(string source, string template, int firstLine)
    {
        _source = source;
        _template = template;
        _firstLine = firstLine;
    }

    /// <summary>
    /// Parses <paramref name="source"/> and makes it safe; throws <see cref="DraftException"/> with line and column,
    /// counted in the file from <paramref name="firstLine"/> (the body starts below the subject).
    /// </summary>
    public static IFluidTemplate Load(FluidParser parser, string source, string template, int maxSourceCharacters, int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length > maxSourceCharacters)
            throw new DraftException($"Template '{template}' is {source.Length:N0} characters long; at most {maxSourceCharacters:N0} are accepted (Outreach:MaxOutputCharacters).");
        CheckNesting(source, template, firstLine);
        if (!parser.TryParse(source, out var parsed, out var error))
        {
            // Fluid counts from the start of the part; the person editing counts from the top of the file.
            var message = ParsePosition().Replace(error, m => $"at ({int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + firstLine - 1}:{m.Groups[2].Value})");
            throw new DraftException($"Template '{template}' does not parse: {message.ReplaceLineEndings(" ").Trim()}");
        }
        return new TemplateSandbox(source, template, firstLine).VisitTemplate(parsed);
    }

    /// <summary>Renders into a bounded writer; the budget travels in the context for the captures.</summary>
    public static async Task<string> RenderAsync(IFluidTemplate template, TemplateContext context, RenderBudget budget)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        context.AmbientValues[BudgetKey] = budget;
        var writer = new BoundedWriter(budget);
        await template.RenderAsync(writer, NullEncoder.Default, context);
        return writer.ToString();
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
    {
        var visited = (RangeExpression)base.VisitRangeExpression(rangeExpression);
        return new BoundedRangeExpression(visited.From, visited.To);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        var visited = (CaptureStatement)base.VisitCaptureStatement(captureStatement);
        return new BoundedCaptureStatement(visited.Identifier, visited.Statements);
    }

    protected override Statement VisitIncludeStatement(IncludeStatement includeStatement) => throw Refused("include");

    protected override Statement VisitRenderStatement(RenderStatement renderStatement) => throw Refused("render");

    protected override Statement VisitFromStatement(FromStatement fromStatement) => throw Refused("from");

    private DraftException Refused(string tag)
    {
        var match = new Regex($@"{{%-?\s*{tag}\b|^\s*{tag}\b", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).Match(_source);
        var where = match.Success ? $" at ({Position(_source, match.Index, _firstLine)})" : "";
        return new DraftException(
            $"Template '{_template}' uses '{tag}'{where}: templates cannot read other files. Copy the text into the template instead.");
    }

    private static void CheckNesting(string source, string template, int firstLine)
    {
        var depth = 0;
        foreach (Match tag in BlockTag().Matches(source))
        {
            depth += tag.Groups["end"].Success ? -1 : 1;
            if (depth > MaxNesting)
                throw new DraftException($"Template '{template}' nests blocks more than {MaxNesting} deep at ({Position(source, tag.Index, firstLine)}); flatten it.");
        }
    }

    private static string Position(string source, int index, int firstLine)
    {
        var line = firstLine + source.AsSpan(0, index).Count('\n');
        var column = index - (source.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1;
        return $"{line}:{column}";
    }

    [GeneratedRegex(@"at \((\d+):(\d+)\)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ParsePosition();

    [GeneratedRegex(@"{%-?\s*(?<end>end)?(?:if|unless|for|case|capture|tablerow|comment|raw|ifchanged|macro)\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BlockTag();

    internal static RenderBudget Budget(TemplateContext context) =>
        context.AmbientValues.TryGetValue(BudgetKey, out var budget) && budget is RenderBudget b
            ? b
            : throw new InvalidOperationException("A sandboxed template was rendered without its budget: render it through TemplateSandbox.RenderAsync.");

    /// <summary><c>(a..b)</c>, checked against the budget before its items are made.</summary>
    private sealed class BoundedRangeExpression(Expression from, Expression to) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var start = decimal.Truncate((await from.EvaluateAsync(context)).ToNumberValue());
            var end = decimal.Truncate((await to.EvaluateAsync(context)).ToNumberValue());
            Budget(context).CheckRange(start, end);
            var items = new List<FluidValue>();
            for (var i = start; i <= end; i++)
                items.Add(NumberValue.Create(i));
            return new ArrayValue(items);
        }
    }

    /// <summary><c>{% capture %}</c> writing to a bounded writer, so a loop inside it stops at the limit.</summary>
    private sealed class BoundedCaptureStatement(string identifier, IReadOnlyList<Statement> statements) : TagStatement(statements)
    {
        public override async ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
        {
            context.IncrementSteps();
            var budget = Budget(context);
            var captured = new BoundedWriter(budget);
            var completion = Completion.Normal;
            foreach (var statement in Statements)
            {
                completion = await statement.WriteToAsync(captured, encoder, context);
                if (completion != Completion.Normal)
                    break;
            }
            FluidValue value = new StringValue(captured.ToString());
            if (context.Captured is { } onCaptured)
                value = await onCaptured(identifier, value, context);
            context.SetValue(identifier, value);
            return completion;
        }
    }
}
