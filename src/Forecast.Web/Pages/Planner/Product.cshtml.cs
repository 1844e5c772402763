using System.Globalization;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Web.Freshness;
using Forecast.Web.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Planner;

/// <summary>One product: the chart, the plan, what the forecast is and how good it has been, incoming supply and the pipeline.</summary>
public sealed class ProductModel(PlannerQueries planner, BusinessCalendar calendar, IStringLocalizer<SharedResource> text) : PageModel
{
    public ProductOutlookView View { get; private set; } = null!;
    public string ChartSvg { get; private set; } = "";
    public string AccuracySentence { get; private set; } = "";
    public string DemandClassText { get; private set; } = "";
    /// <summary>Today in the business time zone: an order-by date before it has passed.</summary>
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var view = await planner.ProductOutlookAsync(id, cancellationToken);
        if (view is null)
            return NotFound();
        View = view;
        ChartSvg = ProductChart.Render(view, ChartLabels(text), CultureInfo.CurrentCulture);
        AccuracySentence = AccuracyText.Describe(view.Demand.Accuracy, view.Projection.Unit, view.Demand.Granularity, text);
        DemandClassText = AccuracyText.DemandClass(view.Demand.DemandClass, text);
        ViewData["AsOf"] = Display.Date(view.Projection.AsOf);
        ViewData[DataAge.ShownAsOfKey] = view.Projection.AsOf;
        Today = calendar.Today();
        return Page();
    }

    public static ProductChartLabels ChartLabels(IStringLocalizer text)
    {
        var en = ProductChartLabels.English;
        string L(string s) => text[s];
        return new ProductChartLabels(L(en.Title), L(en.DemandPanel), L(en.StockPanel), L(en.History), L(en.Forecast), L(en.Band50), L(en.Band80),
            L(en.Pipeline), L(en.NewBusiness), L(en.ProjectedStock), L(en.StockBand), L(en.ReorderPoint), L(en.SafetyStock), L(en.Incoming), L(en.Today));
    }
}
