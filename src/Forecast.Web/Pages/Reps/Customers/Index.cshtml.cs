using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps.Customers;

/// <summary>The customers the signed-in user may see: a rep their own, planners and admins everyone.</summary>
public sealed class IndexModel(CustomerQueries customers) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    // "page" is Razor Pages' own route value (the page's path): a query parameter of that name never binds.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public CustomerList List { get; private set; } = new(default, 0, []);
    public bool SeesAll { get; private set; }
    public int PageCount => Math.Max(1, (List.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var scope = User.CustomerScope();
        SeesAll = scope.IsAll;
        List = await customers.ListAsync(scope, new CustomerListFilter(Search, (PageNumber - 1) * PageSize, PageSize), cancellationToken);
        ViewData["AsOf"] = Display.Date(List.AsOf);
    }

    public string PageLink(int page) => Url.Page("/Reps/Customers/Index", new { q = Search, p = page })!;
}
