using Forecast.Core.Customers;
using Forecast.Core.Outreach.Reminders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Admin;

/// <summary>
/// Failed reminders grouped by cause, each with its fix: assign an owning rep (house account) or link the CRM account in
/// the match review queue. The next reminders run retries every failed reminder, so a fixed one is then made.
/// </summary>
public sealed class FailedRemindersModel(FailedReminders failed, OwnerAssignment assignment, IStringLocalizer<FailedRemindersText> words) : PageModel
{
    public IReadOnlyList<FailedReminderGroup> Groups { get; private set; } = [];
    public IReadOnlyList<RepChoice> Reps { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAssignAsync(long customer, long? rep, CancellationToken cancellationToken)
    {
        var result = rep is { } repId ? await assignment.AssignAsync(customer, repId, cancellationToken) : OwnerAssignmentResult.RepNotActive;
        switch (result)
        {
            case OwnerAssignmentResult.CustomerNotFound:
                return NotFound();
            case OwnerAssignmentResult.RepNotActive:
                Error = words["Choose an active rep: nothing was changed."];
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await LoadAsync(cancellationToken);
                return Page();
            default:
                Message = words["Owner assigned. The next reminders run makes the reminder."];
                return RedirectToPage();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Groups = await failed.GroupsAsync(cancellationToken);
        Reps = await failed.ActiveRepsAsync(cancellationToken);
    }

    /// <summary>The heading of a group, in the page's language (an "other" group is titled by its stored reason).</summary>
    public string Title(FailedReminderGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Cause switch
        {
            FailureCause.NoOwner => words["No owning rep"],
            FailureCause.InactiveOwner => words["The owning rep has left"],
            FailureCause.OwnerFixed => words["Owner fixed: made at the next reminders run"],
            _ => group.Reason ?? "",
        };
    }
}
