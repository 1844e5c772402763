using Forecast.Core.Inventory;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Planner;

/// <summary>The purchase proposals planners approved from suggested orders, newest first, with the CSV for purchasing.</summary>
public sealed class ProposalsModel(PurchaseProposals proposals) : PageModel
{
    public IReadOnlyList<PurchaseProposal> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Items = await proposals.ListAsync(500, cancellationToken);
}
