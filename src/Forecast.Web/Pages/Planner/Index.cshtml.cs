using Forecast.Core.Formatting;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Web.Freshness;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Pages.Planner;

/// <summary>The planners' start page: products by the probability of a stock-out within their lead time.</summary>
public sealed class IndexModel(InventoryQueries inventory, PlannerQueries planner, BusinessCalendar calendar, IOptions<MoneyOptions> money) : PageModel
{
    /// <summary>The home currency: the products' prices and the values made from them are in it.</summary>
    public string Currency => money.Value.HomeCurrency;
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Family { get; set; }
    [BindProperty(SupportsGet = true)] public string? Supplier { get; set; }
    [BindProperty(SupportsGet = true, Name = "orders")] public bool OnlyWithOrder { get; set; }
    /// <summary><c>value</c>: the largest value at risk first; anything else: the risk order.</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    public AtRiskSort SortOrder => string.Equals(Sort, "value", StringComparison.OrdinalIgnoreCase) ? AtRiskSort.ValueAtRisk : AtRiskSort.Risk;
    // "page" is Razor Pages' own route value (the page's path): a query parameter of that name never binds.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public AtRiskList List { get; private set; } = new(null, null, 0, []);
    public PlannerFilterValues Filters { get; private set; } = new([], []);
    /// <summary>Today in the business time zone: an order-by date before it has passed.</summary>
    public DateOnly Today { get; private set; }
    public int PageCount => Math.Max(1, (List.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Family = string.IsNullOrWhiteSpace(Family) ? null : Family;
        Supplier = string.IsNullOrWhiteSpace(Supplier) ? null : Supplier;
        PageNumber = Math.Max(1, PageNumber);
        Filters = await planner.FilterValuesAsync(cancellationToken);
        List = await inventory.AtRiskAsync(new AtRiskFilter(Family, Supplier, OnlyWithOrder, Skip: (PageNumber - 1) * PageSize, Take: PageSize, Sort: SortOrder), cancellationToken);
        ViewData["AsOf"] = Display.Date(List.AsOf);
        ViewData[DataAge.ShownAsOfKey] = List.AsOf;
        Today = calendar.Today();
    }

    /// <summary>The suggested orders (same family and supplier filters) as CSV for the purchasing system.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var orders = await planner.SuggestedOrdersAsync(string.IsNullOrWhiteSpace(Family) ? null : Family, string.IsNullOrWhiteSpace(Supplier) ? null : Supplier, cancellationToken);
        var name = orders.AsOf is { } asOf ? $"suggested-orders-{asOf:yyyy-MM-dd}.csv" : "suggested-orders.csv";
        return File(PlannerQueries.ToCsv(orders), "text/csv; charset=utf-8", name);
    }

    public string PageLink(int page) => Url.Page("/Planner/Index", new { family = Family, supplier = Supplier, orders = OnlyWithOrder ? "true" : null, sort = SortOrder == AtRiskSort.ValueAtRisk ? "value" : null, p = page })!;
}
