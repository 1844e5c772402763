using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.Core.Assistant;
using Forecast.Core.Customers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Assistant;

/// <summary>
/// The committed question set (<c>questions.json</c>, at least 30 questions in each language, written by us) asked as rep A
/// against <see cref="AssistantWorld"/> on the real database: the resolved customer, the candidates offered, "not found",
/// the intent and the language must all be right for a question to count. Prints every miss; with
/// <c>FORECAST_ASSISTANT_RESULTS</c> set, writes the accuracy table there (<c>benchmarks/assistant/run.sh</c>).
/// </summary>
public sealed class AssistantAccuracyTests(AssistantWorld world, ITestOutputHelper output) : IClassFixture<AssistantWorld>
{
    /// <summary>Measured 2026-12-07 at 100% (86 of 86; the first run of the first 74 was 71); kept below so one rewording does not fail the build.</summary>
    private const double Threshold = 0.95;

    public sealed record Case(string Question, string Language, string Intent, string Expect, string? Customer, string[]? Candidates, string? Note, bool HeldOut = false);

    private sealed record Result(Case Case, bool Right, string Got);

    public static IReadOnlyList<Case> Cases()
    {
        var repo = AppContext.BaseDirectory;
        while (repo is not null && !File.Exists(Path.Combine(repo, "Forecast.sln")))
            repo = Path.GetDirectoryName(repo);
        var path = Path.Combine(repo ?? throw new InvalidOperationException("Forecast.sln not found above the test binaries."),
            "tests", "Forecast.IntegrationTests", "Assistant", "questions.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("questions").Deserialize<List<Case>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task QuestionSet_ResolvesCustomerIntentAndLanguage_AboveTheMeasuredAccuracy()
    {
        var cases = Cases();
        Assert.True(cases.Count(c => c.Language == "zh-TW") >= 30 && cases.Count(c => c.Language == "en") >= 30, "the set needs 30 questions in each language");
        await using var scope = world.App.Services.CreateAsyncScope();
        var assistant = scope.ServiceProvider.GetRequiredService<OrderStatusAssistant>();

        var results = new List<Result>();
        foreach (var c in cases)
        {
            var (parsed, outcome) = await assistant.ResolveAsync(CustomerScope.OwnedBy(world.RepA.RepId), c.Question, default);
            var keys = outcome.Candidates.Select(x => world.KeyOf(x.Id)).Order(StringComparer.Ordinal).ToList();
            var got = outcome.Kind switch
            {
                MatchKind.Resolved => $"resolved {keys[0]}",
                MatchKind.Ambiguous => $"ask [{string.Join(", ", keys)}]",
                _ => "not-found",
            } + $" · {parsed.Intent} · {parsed.Language}";
            var customerRight = c.Expect switch
            {
                "resolved" => outcome.Kind == MatchKind.Resolved && keys[0] == c.Customer,
                "ask" => outcome.Kind == MatchKind.Ambiguous && keys.SequenceEqual(c.Candidates!.Order(StringComparer.Ordinal)),
                _ => outcome.Kind == MatchKind.NotFound,
            };
            results.Add(new Result(c, customerRight && parsed.Intent.ToString() == c.Intent && parsed.Language == c.Language, got));
        }

        foreach (var miss in results.Where(r => !r.Right))
            output.WriteLine($"MISS {miss.Case.Question} — expected {miss.Case.Expect} {miss.Case.Customer}{(miss.Case.Candidates is null ? "" : "[" + string.Join(", ", miss.Case.Candidates) + "]")} · {miss.Case.Intent} · {miss.Case.Language}; got {miss.Got}");
        var accuracy = (double)results.Count(r => r.Right) / results.Count;
        output.WriteLine($"accuracy {accuracy:P1} ({results.Count(r => r.Right)} of {results.Count})");
        if (Environment.GetEnvironmentVariable("FORECAST_ASSISTANT_RESULTS") is { Length: > 0 } file)
            await File.WriteAllTextAsync(file, Report(results));

        // Another rep's customers are never an answer, whatever the overall accuracy.
        Assert.All(results.Where(r => r.Case.Note?.Contains("rep B", StringComparison.Ordinal) == true), r => Assert.StartsWith("not-found", r.Got, StringComparison.Ordinal));
        Assert.True(accuracy >= Threshold, $"accuracy {accuracy:P1} is below {Threshold:P0}; the misses are in the test output");
    }

    private static string Report(List<Result> results)
    {
        static string Row(string name, IEnumerable<Result> rows)
        {
            var list = rows.ToList();
            var right = list.Count(r => r.Right);
            return string.Create(CultureInfo.InvariantCulture, $"| {name} | {list.Count} | {right} | {(list.Count == 0 ? 0 : 100.0 * right / list.Count):0.0}% |\n");
        }
        var sb = new StringBuilder();
        sb.Append("# Order-status assistant: accuracy on our question set\n\n");
        sb.Append("Written by `benchmarks/assistant/run.sh` from `tests/Forecast.IntegrationTests/Assistant/questions.json`: questions **we wrote** ")
          .Append("(not collected from reps) against the hand-made world of `AssistantWorld.cs`, asked as rep A on a real PostgreSQL. ")
          .Append("A question counts as right only when the customer (or the set of choices offered, or \"not found\"), the intent and the language are all right. ")
          .Append("The matcher was tuned while writing these questions, so this is a regression check, not an estimate of accuracy on real reps' questions.\n\n");
        sb.Append("| slice | questions | right | accuracy |\n|---|---:|---:|---:|\n");
        sb.Append(Row("all", results));
        foreach (var language in new[] { "zh-TW", "en" })
            sb.Append(Row($"language {language}", results.Where(r => r.Case.Language == language)));
        foreach (var intent in Enum.GetNames<AssistantIntent>())
            sb.Append(Row($"intent {intent}", results.Where(r => r.Case.Intent == intent)));
        foreach (var expect in new[] { "resolved", "ask", "not-found" })
            sb.Append(Row($"expected {expect}", results.Where(r => r.Case.Expect == expect)));
        sb.Append(Row("tuned on (written while tuning)", results.Where(r => !r.Case.HeldOut)));
        sb.Append(Row("held out (written after, never tuned on)", results.Where(r => r.Case.HeldOut)));
        var misses = results.Where(r => !r.Right).ToList();
        sb.Append(CultureInfo.InvariantCulture, $"\n## Misses ({misses.Count})\n\n");
        foreach (var m in misses)
            sb.Append(CultureInfo.InvariantCulture, $"- `{m.Case.Question}`: expected {m.Case.Expect} {m.Case.Customer}{(m.Case.Candidates is null ? "" : "[" + string.Join(", ", m.Case.Candidates) + "]")} · {m.Case.Intent}; got {m.Got}\n");
        return sb.ToString();
    }
}
