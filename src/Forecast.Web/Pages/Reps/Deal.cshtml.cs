using System.Globalization;
using Forecast.Core.Pricing;
using Forecast.Web.Access;
using Forecast.Web.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Reps;

/// <summary>
/// <c>/reps/deals/{id}</c>: one open deal and, per quote line, a suggested price band. Another rep's deal is "not found",
/// never shown.
/// </summary>
public sealed class DealModel(PriceSuggestionQueries pricing, IStringLocalizer<PricingText> text) : PageModel
{
    public DealPricing Pricing { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var result = await pricing.GetAsync(User.CustomerScope(), id, null, cancellationToken);
        if (result is null)
            return NotFound();
        Pricing = result;
        ViewData["AsOf"] = Display.Date(result.AsOf);
        return Page();
    }

    /// <summary>A unit price keeps its cents whatever the currency: a quote is argued over small amounts.</summary>
    public string UnitPrice(double value) => UnitPrice((decimal)Math.Round(value, 2));

    public string UnitPrice(decimal value) =>
        (string.IsNullOrWhiteSpace(Pricing.Currency) ? "" : Pricing.Currency + " ") + value.ToString("N2", CultureInfo.CurrentCulture);

    public string Money(double value) => Display.Money((decimal)Math.Round(value, 2), Pricing.Currency);

    public string Chart(LinePricing line) => MarginCurveChart.Svg(line.Suggestion!,
        new MarginCurveLabels(
            text["Expected margin by price for {0}: highest at {1}", line.Sku, UnitPrice(line.Suggestion!.Price)],
            text["Floor"], text["Suggested"], text["Quoted"], text["Unit price"], text["Expected margin"]),
        $"curve-{line.LineId}", CultureInfo.CurrentCulture);
}
