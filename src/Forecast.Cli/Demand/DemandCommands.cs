using System.CommandLine;
using Forecast.Core.Demand;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Cli.Demand;

/// <summary><c>forecast demand ...</c>: what a demand run kept besides its forecasts.</summary>
internal static class DemandCommands
{
    public static Command Create()
    {
        var demand = new Command("demand", "Demand runs' audit trail (run the stage with: forecast run demand).");

        var run = new Option<long?>("--run") { Description = "The demand run (its prediction run id, as the API's product view and the admin page show it)." };
        var latest = new Option<bool>("--latest") { Description = "The latest published demand run." };
        var product = new Option<string?>("--product") { Description = "Only this product's rows (its SKU, e.g. CN-1001)." };
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write (replaced if it exists).", Required = true };
        var cv = new Command("cv",
            "Write a run's cross-validation rows in statsforecast's long format: unique_id (SKU), ds, cutoff, y, one column per candidate, " +
            "auto (the outer split's forecast, whose error is the reported backtest MASE) and auto_model.")
        { run, latest, product, output };
        cv.Validators.Add(result =>
        {
            if ((result.GetValue(run) is null) == !result.GetValue(latest))
                result.AddError("Give exactly one of --run <id> and --latest.");
        });
        cv.SetAction((parse, ct) => CliHost.RunAsync((services, token) => CvAsync(
            services, parse.GetValue(run), parse.GetValue(product), parse.GetValue(output)!, parse, token), ct));

        demand.Subcommands.Add(cv);
        return demand;
    }

    private static async Task<int> CvAsync(IServiceProvider services, long? runId, string? sku, FileInfo output, ParseResult parse, CancellationToken cancellationToken)
    {
        var export = services.GetRequiredService<DemandCvExport>();
        var id = runId ?? await export.LatestRunIdAsync(cancellationToken);
        if (id is null)
            return await ErrorAsync("No published demand run yet. Run one with: forecast run demand");
        if (!await export.IsPublishedAsync(id.Value, cancellationToken))
            return await ErrorAsync($"No published demand run {id}. The admin page or 'forecast demand cv --latest' names one.");
        long? productId = null;
        if (!string.IsNullOrWhiteSpace(sku))
        {
            productId = await export.ProductIdAsync(sku.Trim(), cancellationToken);
            if (productId is null)
                return await ErrorAsync($"No product with SKU '{sku}'. Check the SKU (ERP item number).");
        }
        // Written beside the target and moved over it, so a failure leaves the earlier file (or none), never half a file.
        var temporary = output.FullName + ".partial";
        long lines;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                lines = await export.WriteCsvAsync(file, id.Value, productId, byteOrderMark: false, cancellationToken);
            File.Move(temporary, output.FullName, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        CliTable.Say(parse, $"Wrote {lines} line(s) of demand run {id} to {output.FullName}.");
        return ExitCodes.Ok;
    }

    private static async Task<int> ErrorAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return ExitCodes.Failed;
    }
}
