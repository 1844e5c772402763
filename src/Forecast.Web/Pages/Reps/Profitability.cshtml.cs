using Forecast.Core.Profitability;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps;

/// <summary>
/// <c>/reps/profitability</c>: customers ranked by margin after the cost of serving them, with the ones whose effort grows
/// while margin falls marked; a rep sees their own customers, a manager (planner or admin) every customer and a total per rep.
/// </summary>
public sealed class ProfitabilityModel(ProfitabilityQueries profitability) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public ProfitabilitySort Sort { get; set; } = ProfitabilitySort.MarginAfterCost;
    [BindProperty(SupportsGet = true)] public bool Watch { get; set; }
    // "page" is Razor Pages' own route value (the page's path): a query parameter of that name never binds.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public ProfitabilityReport Report { get; private set; } = null!;
    public bool SeesAll { get; private set; }
    public int PageCount => Math.Max(1, (Report.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var scope = User.CustomerScope();
        SeesAll = scope.IsAll;
        Report = await profitability.GetAsync(scope, Sort, Watch, (PageNumber - 1) * PageSize, PageSize, cancellationToken);
    }

    public string Link(ProfitabilitySort? sort = null, int? page = null, bool? watch = null) =>
        Url.Page("/Reps/Profitability", new { sort = sort ?? Sort, watch = watch ?? Watch, p = page ?? (sort is null && watch is null ? PageNumber : 1) })!;
}
