using Forecast.Core.Outreach.CrmSync;
using Forecast.Core.Outreach.Reminders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Admin;

/// <summary>
/// Rep actions the CRM webhook stopped sending (the receiver refused them, or the attempts ran out), with the receiver's
/// answer; once the receiver is fixed the administrator re-sends one, under its same key.
/// </summary>
public sealed class CrmDeliveriesModel(CrmDeliveryReview review, IStringLocalizer<CrmDeliveriesText> words) : PageModel
{
    public IReadOnlyList<GivenUpDelivery> Deliveries { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Deliveries = await review.GivenUpAsync(cancellationToken);

    public async Task<IActionResult> OnPostResendAsync(long action, CancellationToken cancellationToken)
    {
        switch (await review.ResendAsync(action, cancellationToken))
        {
            case ResendResult.NotFound:
                return NotFound();
            case ResendResult.NotGivenUp:
                Error = words["This activity is not waiting to be re-sent (it is queued or delivered): nothing was changed."];
                Response.StatusCode = StatusCodes.Status400BadRequest;
                Deliveries = await review.GivenUpAsync(cancellationToken);
                return Page();
            default:
                Message = words["Queued again: the next webhook run sends it with the same key {0}.", CrmActivities.KeyOf(action)];
                return RedirectToPage();
        }
    }

    public string Kind(ReminderActionKind kind) => kind switch
    {
        ReminderActionKind.MarkedSent => words["Email sent"],
        ReminderActionKind.Dismissed => words["Dismissed"],
        ReminderActionKind.Snoozed => words["Snoozed"],
        _ => kind.ToString(),
    };
}
