using Forecast.Core.Data;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps;

/// <summary>
/// <c>/reps/reminders</c>: a rep's reminders (only their own); planners and admins see everyone's and may filter by rep.
/// </summary>
public sealed class RemindersModel(ReminderInbox inbox) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Rep { get; set; }
    [BindProperty(SupportsGet = true)] public ReminderStatus? Status { get; set; } = ReminderStatus.New;
    [BindProperty(SupportsGet = true)] public ReminderKind? Kind { get; set; }

    public bool SeesEveryone { get; private set; }
    public List<ReminderListItem> Items { get; private set; } = [];
    public Dictionary<ReminderStatus, int> Counts { get; private set; } = [];
    public List<Rep> Reps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = User.RepScope();
        SeesEveryone = scope is null;
        if (!SeesEveryone)
            Rep = null;
        else
            Reps = await inbox.RepsWithRemindersAsync(cancellationToken);
        Items = await inbox.ListAsync(new ReminderFilter(Rep, Status, Kind, null, 300), scope, cancellationToken);
        Counts = await inbox.CountsAsync(scope, Rep, cancellationToken);
    }
}
