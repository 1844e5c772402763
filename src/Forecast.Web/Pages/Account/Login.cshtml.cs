using Forecast.Core.Access;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Account;

/// <summary>The sign-in form; its posts are rate-limited per client address (<see cref="SignInThrottle"/>).</summary>
[EnableRateLimiting(SignInThrottle.PolicyName)]
public sealed class LoginModel(SignInManager<ForecastUser> signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        // NotAllowed comes only from ForecastSignInManager (no email or phone confirmation is required), and only
        // once the password is right. A locked-out account reads like an unknown email or a wrong password: a
        // stranger must not learn from this page which emails have accounts.
        Error = result.IsNotAllowed ? text["Your CRM rep record is inactive: ask an admin."]
            : text["Wrong email or password, or too many failed attempts: check them, or wait a few minutes and try again."];
        return Page();
    }
}
