using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Forecast.Cli.Pipeline;
using Forecast.Core.Data;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Forecast.Cli.Opportunities;

/// <summary><c>forecast opportunities score [--as-of yyyy-MM-dd]</c>: the nightly win-probability stage, run by hand.</summary>
internal static class OpportunityCommands
{
    public static Command Create()
    {
        var group = new Command("opportunities", "Win probability of open opportunities and pipeline-weighted demand.");
        var asOf = AsOfOption.Create($"Business day the scores are made as of (yyyy-MM-dd). {AsOfOption.DefaultText}");
        var top = new Option<int>("--top") { Description = "How many scored opportunities to list.", DefaultValueFactory = _ => 10 };
        var score = new Command("score", "Train (or reuse) the model, score open opportunities and write scores and pipeline demand.");
        score.Options.Add(asOf);
        score.Options.Add(top);
        score.SetAction((parse, ct) => ScoreAsync(parse.GetValue(asOf), parse.GetValue(top), parse, ct));
        group.Subcommands.Add(score);
        return group;
    }

    private static async Task<int> ScoreAsync(DateOnly? asOf, int top, ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = StageCommand.BuildHost();
        if (await StageCommand.RunAsync(host, WinProbabilityStage.StageName, asOf, "Scoring open opportunities", cancellationToken) is not { } finished)
            return 1;

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForecastDbContext>();
        var run = await db.PredictionRuns.AsNoTracking().SingleOrDefaultAsync(r => r.PipelineRunId == finished.Id && r.Kind == WinProbabilityJob.Kind, cancellationToken);
        if (run is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] pipeline run {finished.Id} scored nothing (another worker may have taken it).");
            return 1;
        }
        var scores = await db.OpportunityScores.AsNoTracking().Where(s => s.RunId == run.Id)
            .OrderByDescending(s => s.Probability).Take(top)
            .Select(s => new { s.Opportunity!.Name, s.Probability, s.Model, s.FactorsText })
            .ToListAsync(cancellationToken);
        var table = new CliTable("opportunity", CliColumn.Number("P(win)"), "model", "why");
        foreach (var s in scores)
            table.Add(s.Name, s.Probability.ToString("0.00", CultureInfo.InvariantCulture), s.Model, s.FactorsText);
        if (scores.Count > 0)
            table.Write(parse);

        using var metrics = JsonDocument.Parse(run.MetricsJson);
        var m = metrics.RootElement;
        string Text(string name) => m.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";
        var demandRows = await db.PipelineDemand.CountAsync(d => d.RunId == run.Id, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"Run {run.Id} ({run.Status}): {run.Items} open opportunities scored as of {run.AsOf:yyyy-MM-dd} by the {Text("mode")} model (classifier weight {Text("classifierWeight")}; {Text("closedWon")} won and {Text("closedLost")} lost deals closed by then); {demandRows} pipeline-demand rows.");
        if (run.ModelVersionId is { } version)
            AnsiConsole.MarkupLineInterpolated($"Model version id {version} ({(Text("modelReused") == "True" || Text("modelReused") == "true" ? "reused: the training data had not changed" : "trained now")}).");
        else if (Text("classifierNote") is { Length: > 0 } note)
            AnsiConsole.MarkupLineInterpolated($"No classifier yet: {note}. The low-data rates score until then.");
        return run.Status == RunStatus.Succeeded ? 0 : 1;
    }
}
