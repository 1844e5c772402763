using Forecast.Core.Inventory;
using Forecast.Modeling.Inventory;
using Forecast.Web.Freshness;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Planner;

/// <summary>Every open purchase-order line the latest plan says to expedite, reschedule or cancel, most urgent first, with its value.</summary>
public sealed class PoMessagesModel(PurchaseOrderMessageQueries messages) : PageModel
{
    public PurchaseOrderMessageList List { get; private set; } = new(null, "", []);

    /// <summary>Only this action (empty: all); an unknown value shows all rather than nothing. Not named "action": MVC routes use that name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public PurchaseOrderAction? Filter => Enum.TryParse<PurchaseOrderAction>(Kind, ignoreCase: true, out var a) && Enum.IsDefined(a) ? a : null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        List = await messages.ListAsync(null, Filter, cancellationToken);
        ViewData["AsOf"] = Display.Date(List.AsOf);
        ViewData[DataAge.ShownAsOfKey] = List.AsOf;
    }
}
