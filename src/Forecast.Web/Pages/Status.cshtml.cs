using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages;

/// <summary>The page a browser sees for an error status (404 and the like): never the data, never a stack trace.</summary>
[AllowAnonymous]
public sealed class StatusModel(IStringLocalizer<SharedResource> text) : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code)
    {
        // Only as the re-executed error page: asked directly, it answers 404 like any unknown address.
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        if (original is null)
            code = StatusCodes.Status404NotFound;
        Response.StatusCode = code;
        (Title, Explanation) = code switch
        {
            StatusCodes.Status404NotFound => (text["Not found"], text["There is nothing here that you may see. The address may be wrong, or the item belongs to someone else."]),
            StatusCodes.Status400BadRequest => (text["Bad request"], text["The request could not be understood; go back and try again."]),
            _ => (text["Something went wrong"], text["Try again; if it happens again, tell the administrator the time it happened."]),
        };
    }
}
