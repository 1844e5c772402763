using Forecast.Core.Inventory;
using Forecast.Web.Freshness;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Planner;

/// <summary>Suggested orders and approved proposals by supplier with their value, against each supplier's minimum order value.</summary>
public sealed class SuppliersModel(SupplierOrders suppliers, IStringLocalizer<SharedResource> text) : PageModel
{
    public SupplierGrouping Grouping { get; private set; } = new(null, "", []);
    public IReadOnlyList<string> KnownSuppliers { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }
    [BindProperty] public string? Supplier { get; set; }
    [BindProperty] public string? Minimum { get; set; }
    [BindProperty] public string? Currency { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostMinimumAsync(CancellationToken cancellationToken)
    {
        var refused = await suppliers.SaveMinimumAsync(Supplier, Minimum, Currency, User.Identity?.Name ?? "planner", cancellationToken);
        if (refused.Count == 0)
            return Redirect("/planner/suppliers?saved=true#minimums");
        // The service's reasons are English keys: shown in the reader's language, nothing was saved.
        Errors = refused.ToDictionary(e => e.Key, e => text[e.Value].Value);
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Grouping = await suppliers.GroupAsync(cancellationToken);
        KnownSuppliers = await suppliers.KnownSuppliersAsync(cancellationToken);
        ViewData["AsOf"] = Display.Date(Grouping.AsOf);
        ViewData[DataAge.ShownAsOfKey] = Grouping.AsOf;
    }
}
