using Forecast.Core.Customers;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Admin;

/// <summary>Customers more than one rep is working: the owner gets the reminders; reassign in the CRM to resolve.</summary>
public sealed class ConflictsModel(MatchReview review) : PageModel
{
    public IReadOnlyList<OwnerConflictView> Conflicts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Conflicts = await review.OpenConflictsAsync(cancellationToken);
}
