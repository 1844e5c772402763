using System.CommandLine;
using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Opportunities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace Forecast.Cli.Opportunities;

/// <summary><c>forecast opportunities score [--as-of yyyy-MM-dd]</c>: the nightly win-probability stage, run by hand.</summary>
internal static class OpportunityCommands
{
    public static Command Create()
    {
        var group = new Command("opportunities", "Win probability of open opportunities and pipeline-weighted demand.");
        var asOf = new Option<string?>("--as-of") { Description = "Business day the scores are made as of (yyyy-MM-dd); default: yesterday (UTC)." };
        var top = new Option<int>("--top") { Description = "How many scored opportunities to list.", DefaultValueFactory = _ => 10 };
        var score = new Command("score", "Train (or reuse) the model, score open opportunities and write scores and pipeline demand.");
        score.Options.Add(asOf);
        score.Options.Add(top);
        score.SetAction((parse, ct) => CliHost.RunAsync((services, token) => ScoreAsync(services, parse.GetValue(asOf), parse.GetValue(top), token), ct));
        group.Subcommands.Add(score);
        return group;
    }

    private static async Task<int> ScoreAsync(IServiceProvider services, string? asOfText, int top, CancellationToken cancellationToken)
    {
        var time = services.GetRequiredService<TimeProvider>();
        DateOnly asOf;
        if (asOfText is null)
            asOf = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        else if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] '{asOfText}' is not a date: write --as-of yyyy-MM-dd.");
            return 2;
        }

        WinProbabilityRunResult result;
        try
        {
            result = await AnsiConsole.Status().StartAsync($"Scoring open opportunities as of {asOf:yyyy-MM-dd}...",
                _ => services.GetRequiredService<WinProbabilityJob>().RunAsync(asOf, cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the schema is missing tables ({e.MessageText}): run `forecast db migrate` first.");
            return 1;
        }
        catch (NpgsqlException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the database did not answer ({e.Message}). Check ConnectionStrings__Forecast and run `forecast db migrate`.");
            return 1;
        }

        var db = services.GetRequiredService<ForecastDbContext>();
        var scores = await db.OpportunityScores.AsNoTracking().Where(s => s.RunId == result.RunId)
            .OrderByDescending(s => s.Probability).Take(top)
            .Select(s => new { s.Opportunity!.Name, s.Probability, s.Model, s.FactorsText })
            .ToListAsync(cancellationToken);
        var table = new Table().AddColumns("opportunity", "P(win)", "model", "why");
        foreach (var s in scores)
            table.AddRow(Markup.Escape(s.Name), s.Probability.ToString("0.00", CultureInfo.InvariantCulture), s.Model, Markup.Escape(s.FactorsText));
        if (scores.Count > 0)
            AnsiConsole.Write(table);

        var mode = WinProbabilityJob.ModeName(result.Mode);
        AnsiConsole.MarkupLineInterpolated(
            $"Run {result.RunId}: {result.Scored} open opportunities scored by the {mode} model (classifier weight {result.ClassifierWeight:0.00}; {result.ClosedWon} won and {result.ClosedLost} lost deals closed by {asOf:yyyy-MM-dd}); {result.DemandRows} pipeline-demand rows.");
        if (result.ModelVersionId is { } version)
            AnsiConsole.MarkupLineInterpolated($"Model version id {version} ({(result.ModelReused ? "reused: the training data had not changed" : "trained now")}).");
        else if (result.ClassifierNote is { } note)
            AnsiConsole.MarkupLineInterpolated($"No classifier yet: {note}. The low-data rates score until then.");
        return 0;
    }
}
