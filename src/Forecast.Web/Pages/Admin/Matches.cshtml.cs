using Forecast.Core.Customers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Admin;

/// <summary>
/// The customer-match review queue: CRM accounts that might be an ERP customer, waiting for a person. Accepting links
/// the account to that customer, rejecting keeps them apart; unification re-runs at once so the links follow.
/// </summary>
public sealed class MatchesModel(MatchReview review, IStringLocalizer<SharedResource> text) : PageModel
{
    public MatchQueue Queue { get; private set; } = new(0, []);
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Queue = await review.QueueAsync(0, 200, cancellationToken);

    public async Task<IActionResult> OnPostAsync(long id, string decision, CancellationToken cancellationToken)
    {
        if (decision is not ("accept" or "reject"))
            return BadRequest();
        try
        {
            var who = User.Identity?.Name ?? "web";
            var result = await review.DecideAsync(decision == "accept" ? [id] : [], decision == "reject" ? [id] : [], who, apply: true, cancellationToken);
            Message = decision == "accept"
                ? text["Candidate {0} accepted: the account is now linked to that customer ({1} customers waiting for review).", id, result.Applied?.AccountsInReview ?? 0]
                : text["Candidate {0} rejected: that pair will not be linked ({1} customers waiting for review).", id, result.Applied?.AccountsInReview ?? 0];
            return RedirectToPage();
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (MatchDecisionException e)
        {
            Error = e.Message;
            Queue = await review.QueueAsync(0, 200, cancellationToken);
            return Page();
        }
    }
}
