using System.Globalization;
using Forecast.Core.Accuracy;
using Forecast.Web.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Planner;

/// <summary>
/// Forecast accuracy over time: MASE and bias by week per family and overall at a chosen horizon step, the worst
/// products, and one product's forecasts against actuals (<c>?product=</c>).
/// </summary>
public sealed class AccuracyModel(AccuracyQueries accuracy, IStringLocalizer<AccuracyPageText> words) : PageModel
{
    public const int Weeks = 26;
    public const int WorstCount = 10;

    [BindProperty(SupportsGet = true)] public int Step { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "product")] public long? ProductId { get; set; }

    public AccuracyOverview Overview { get; private set; } = null!;
    public ProductAccuracyView? Product { get; private set; }
    public string ChartSvg { get; private set; } = "";
    /// <summary>Why the request was refused (the step out of range), shown instead of the numbers.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Overview = await accuracy.OverviewAsync(1, Weeks, WorstCount, cancellationToken);
        if (!ModelState.IsValid || Step < 1 || Step > Overview.MaxStep)
        {
            Problem = words["The horizon step must be a whole number from 1 to {0}.", Overview.MaxStep];
            Step = 1;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (Step != 1)
            Overview = await accuracy.OverviewAsync(Step, Weeks, WorstCount, cancellationToken);
        if (ProductId is { } id)
        {
            Product = await accuracy.ProductAsync(id, Step, Weeks, cancellationToken);
            if (Product is null)
                return NotFound();
        }
        ChartSvg = AccuracyChart.Render(Overview, ChartLabels(words), CultureInfo.CurrentCulture);
        ViewData["AsOf"] = Display.Date(Overview.AsOf);
        return Page();
    }

    public static AccuracyChartLabels ChartLabels(IStringLocalizer words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return new AccuracyChartLabels(words["Forecast accuracy by week"], words["MASE by week (below 1: better than the naive forecast)"],
            words["Bias of all products (forecast − actual, share of actual)"], words["All products"], words["naive forecast"], words["No family"]);
    }

    /// <summary>A ratio as a percentage with its sign (+12.5%), or a dash.</summary>
    public static string SignedPercent(double? share) => share is { } s ? s.ToString("+0.0%;-0.0%;0.0%", CultureInfo.CurrentCulture) : "–";

    /// <summary>A MASE to two decimals, or a dash.</summary>
    public static string Mase(double? mase) => mase is { } m ? m.ToString("0.00", CultureInfo.CurrentCulture) : "–";
}
