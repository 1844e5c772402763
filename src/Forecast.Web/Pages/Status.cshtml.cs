using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages;

/// <summary>The page a browser sees for an error status (404 and the like): never the data, never a stack trace.</summary>
/// <remarks>
/// A failed POST (a sign-in over the rate limit, a form with a NUL character) is re-executed as a POST: the page
/// answers it like a GET, does not ask for the antiforgery token the failed request may lack, and takes the code from
/// the route only (the failed form may not even be readable).
/// </remarks>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel(IStringLocalizer<SharedResource> text) : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnPost([FromRoute] int code) => OnGet(code);

    public void OnGet([FromRoute] int code)
    {
        // Only as the re-executed error page: asked directly, it answers 404 like any unknown address.
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        if (original is null)
            code = StatusCodes.Status404NotFound;
        Response.StatusCode = code;
        (Title, Explanation) = code switch
        {
            StatusCodes.Status404NotFound => (text["Not found"], text["There is nothing here that you may see. The address may be wrong, or the item belongs to someone else."]),
            StatusCodes.Status400BadRequest when HttpContext.Items.ContainsKey(NulCharacterGuard.Explanation) =>
                (text["Bad request"], text["A search, filter or form field contained a NUL character (%00), which no text here can hold: remove it and try again."]),
            StatusCodes.Status400BadRequest => (text["Bad request"], text["The request could not be understood; go back and try again."]),
            StatusCodes.Status409Conflict => (text["Conflict"], text["The request conflicts with the current state (for example a run already in progress); reload the page and try again."]),
            StatusCodes.Status429TooManyRequests => (text["Too many attempts"], text["Too many sign-in attempts came from your network address. Wait a few minutes and try again."]),
            _ => (text["Something went wrong"], text["Try again; if it happens again, tell the administrator the time it happened."]),
        };
    }
}
