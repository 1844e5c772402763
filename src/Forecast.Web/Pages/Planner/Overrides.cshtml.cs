using Forecast.Core.Inventory;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Planner;

/// <summary>Did the planners' forecast overrides beat the model? Every past overridden week, helped or hurt, and the totals.</summary>
public sealed class OverridesModel(ForecastOverrides overrides) : PageModel
{
    public ValueAddedReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Report = await overrides.ValueAddedAsync(null, cancellationToken);
        ViewData["AsOf"] = Display.Date(Report.AsOf);
    }
}
