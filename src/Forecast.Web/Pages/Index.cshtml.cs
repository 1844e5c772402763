using Forecast.Core.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages;

/// <summary>Sends each role to the page it starts its day on.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(Roles.Planner) ? Redirect("/planner")
        : User.IsInRole(Roles.Rep) ? Redirect("/reps/reminders")
        : User.IsInRole(Roles.Admin) ? Redirect("/admin")
        : Redirect("/account/denied");
}
