using Forecast.Core.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<ForecastUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    /// <summary>
    /// Ends the session on the server, not only in this browser: a new security stamp makes every cookie issued before
    /// it worthless (<c>SessionValidation</c> compares the stamp on each request), so a copied cookie gets 401 at
    /// once. The user's sessions in other browsers end too.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.UserManager.GetUserAsync(User) is { } user)
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Redirect("/account/login");
    }
}
