using Forecast.Core.Ingest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Admin;

/// <summary>One import run and its report: per file and entity counts, skips, the first errors, timings.</summary>
public sealed class ImportModel(ImportHistory history) : PageModel
{
    public ImportRunView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var view = await history.GetAsync(id, cancellationToken);
        if (view is null)
            return NotFound();
        View = view;
        return Page();
    }
}
