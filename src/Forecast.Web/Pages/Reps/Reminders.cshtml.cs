using Forecast.Core.Data;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps;

/// <summary>
/// <c>/reps/reminders</c>: a rep's worklist (only their own reminders), most valuable first, sortable, by view (open,
/// snoozed, sent...), paged; planners and admins see everyone's and may filter by rep.
/// </summary>
public sealed class RemindersModel(ReminderInbox inbox) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public long? Rep { get; set; }
    [BindProperty(SupportsGet = true)] public ReminderView Status { get; set; } = ReminderView.Open;
    [BindProperty(SupportsGet = true)] public ReminderKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public ReminderSort Sort { get; set; } = ReminderSort.ExpectedValue;
    // "page" is Razor Pages' own route value (the page's path): a query parameter of that name never binds.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public bool SeesEveryone { get; private set; }
    public ReminderPage List { get; private set; } = new(default, 0, []);
    public Dictionary<ReminderView, int> Counts { get; private set; } = [];
    public List<Rep> Reps { get; private set; } = [];
    public int PageCount => Math.Max(1, (List.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var scope = User.RepScope();
        SeesEveryone = scope is null;
        if (!SeesEveryone)
            Rep = null;
        else
            Reps = await inbox.RepsWithRemindersAsync(cancellationToken);
        List = await inbox.PageAsync(new ReminderQuery(Status, Kind, Rep, Sort, (PageNumber - 1) * PageSize, PageSize), scope, cancellationToken);
        Counts = await inbox.ViewCountsAsync(scope, Rep, cancellationToken);
    }

    /// <summary>This list with one thing changed (sort or page); the filters stay.</summary>
    public string Link(ReminderSort? sort = null, int? page = null) =>
        Url.Page("/Reps/Reminders", new { rep = Rep, status = Status, kind = Kind, sort = sort ?? Sort, p = page ?? (sort is null ? PageNumber : 1) })!;
}
