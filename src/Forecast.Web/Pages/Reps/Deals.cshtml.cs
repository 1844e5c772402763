using Forecast.Core.CustomerView;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps;

/// <summary><c>/reps/deals</c>: the open deals of the customers the caller may see (a rep: their own), sortable, paged.</summary>
public sealed class DealsModel(DealQueries deals) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public DealSort Sort { get; set; } = DealSort.ExpectedValue;
    // "page" is Razor Pages' own route value (the page's path): a query parameter of that name never binds.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public OpenDealList List { get; private set; } = new(0, []);
    public bool SeesAll { get; private set; }
    public int PageCount => Math.Max(1, (List.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var scope = User.CustomerScope();
        SeesAll = scope.IsAll;
        List = await deals.ListAsync(scope, Sort, (PageNumber - 1) * PageSize, PageSize, cancellationToken);
    }

    public string Link(DealSort? sort = null, int? page = null) =>
        Url.Page("/Reps/Deals", new { sort = sort ?? Sort, p = page ?? (sort is null ? PageNumber : 1) })!;
}
