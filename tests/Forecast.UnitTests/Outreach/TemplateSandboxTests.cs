using System.Globalization;
using Forecast.Core.Outreach.Drafting;
using Microsoft.Extensions.Options;

namespace Forecast.UnitTests.Outreach;

/// <summary>An edited template is untrusted: each of these took minutes, gigabytes or a file outside the folder before the sandbox.</summary>
public sealed class TemplateSandboxTests : IDisposable
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly Dictionary<string, object?> Model = new() { ["customer"] = new Dictionary<string, object?> { ["name"] = "Acme Ltd" } };
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-sandbox-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<Draft> RenderAsync(string body, OutreachOptions? limits = null, TimeProvider? time = null)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "customer-draft.en.liquid"), $"subject: Hello {{{{ customer.name }}}}\n---\n{body}\n");
        var options = limits ?? new OutreachOptions();
        options.TemplateFolder = _folder;
        var library = new TemplateLibrary(Options.Create(options), time ?? TimeProvider.System);
        // The guard keeps a regression from hanging the test run for minutes (it took 97 s and 8.85 GB before).
        return await Task.Run(() => library.RenderAsync("customer-draft", "en", Model, English)).WaitAsync(TimeSpan.FromSeconds(20));
    }

    private async Task<DraftException> RefusedAsync(string body, OutreachOptions? limits = null, TimeProvider? time = null) =>
        await Assert.ThrowsAsync<DraftException>(() => RenderAsync(body, limits, time));

    [Fact]
    public async Task RenderAsync_StopsAtOnce_WhenALoopRunsOverAHundredMillionNumbers()
    {
        // Refused by the range check before the first iteration (the message says so); no wall-clock bound, which a
        // shared build machine would make flaky.
        var error = await RefusedAsync("{% for i in (1..100000000) %}x{% endfor %}");

        Assert.Contains("the range (1..100000000) has more than 100,000 items (Outreach:MaxSteps)", error.Message, StringComparison.Ordinal);
        Assert.Contains("customer-draft.en.body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_StopsAtTheStepLimit_WhenNestedLoopsRunAMillionStatements()
    {
        var error = await RefusedAsync("{% for i in (1..1000) %}{% for j in (1..1000) %}{% assign k = j %}{% endfor %}{% endfor %}");

        Assert.Contains("ran more than 100,000 statements (Outreach:MaxSteps)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_StopsAtTheSizeLimit_WhenAnAppendLoopDoublesAString()
    {
        var error = await RefusedAsync("{% assign s = \"0123456789\" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}");

        Assert.Contains("is over 65,536 characters (Outreach:MaxOutputCharacters)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_RefusesAReplaceBeforeItRuns_WhenItsResultWouldBeOverTheLimit()
    {
        // 60,000 x 60,000 characters: the check must come before String.Replace allocates it.
        var error = await RefusedAsync("{% assign s = \"x\" %}{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}{% assign s = s | slice: 0, 60000 %}{{ s | replace: \"x\", s }}");

        Assert.Contains("output is over 65,536 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_StopsAtTheOutputLimit_WhenALoopWritesTooMuch()
    {
        var error = await RefusedAsync("{% for i in (1..1000) %}0123456789{% endfor %}", new OutreachOptions { MaxOutputCharacters = 2_000 });

        Assert.Contains("output is over 2,000 characters (Outreach:MaxOutputCharacters)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_StopsAtTheOutputLimit_WhenACaptureBuffersALoop()
    {
        var error = await RefusedAsync("{% capture s %}{% for i in (1..1000) %}0123456789{% endfor %}{% endcapture %}ok", new OutreachOptions { MaxOutputCharacters = 2_000 });

        Assert.Contains("output is over 2,000 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_StopsAtTheDeadline_WhenRenderingTakesTooLong()
    {
        var error = await RefusedAsync("Dear {{ customer.name }},\nwe {{ customer.name }} write.", new OutreachOptions { MaxRenderMilliseconds = 100 }, new SlowClock());

        Assert.Contains("took longer than 100 ms to render (Outreach:MaxRenderMilliseconds)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% include '/etc/passwd' %}", "'include' at (3:1)")]
    [InlineData("Hello\n  {%- include '../../../etc/passwd' %}", "'include' at (4:3)")]
    [InlineData("{% render 'customer-draft.en.liquid' %}", "'render' at (3:1)")]
    public async Task RenderAsync_RefusesTheTemplate_WhenItReadsAnotherFile(string body, string where)
    {
        var error = await RefusedAsync(body);

        Assert.True(error.Message.Contains(where, StringComparison.Ordinal), error.Message);
        Assert.Contains("templates cannot read other files", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_SaysTheLineAndColumn_WhenTheTemplateDoesNotParse()
    {
        var error = await RefusedAsync("Dear {{ customer.name }},\n{{ customer.name | }}");

        Assert.Contains("customer-draft.en.body' does not parse", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains("at (4:", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task RenderAsync_RefusesTheTemplate_WhenBlocksNestTooDeep()
    {
        var body = string.Concat(Enumerable.Repeat("{% if customer %}\n", 100)) + string.Concat(Enumerable.Repeat("{% endif %}", 100));

        var error = await RefusedAsync(body);

        Assert.True(error.Message.Contains($"nests blocks more than {TemplateSandbox.MaxNesting} deep at (43:1)", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task RenderAsync_RendersLoopsAndCaptures_WhenTheyStayWithinTheLimits()
    {
        var draft = await RenderAsync("{% capture list %}{% for i in (1..3) %}{{ i }}{% endfor %}{% endcapture %}{{ list }} {{ \"a,b\" | split: \",\" | join: \"+\" }} {{ customer.name | replace: \"Ltd\", \"Limited\" }}");

        Assert.Equal("Hello Acme Ltd", draft.Subject);
        Assert.Equal("123 a+b Acme Limited\n", draft.Body);
    }

    /// <summary>A clock on which every look takes a second, so any render is past its deadline.</summary>
    private sealed class SlowClock : TimeProvider
    {
        private long _ticks;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimestampFrequency);
    }
}
