using Forecast.Core.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Account;

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
        // once the password is right.
        Error = result.IsLockedOut ? text["Too many failed attempts; try again later."]
            : result.IsNotAllowed ? text["Your CRM rep record is inactive: ask an admin."]
            : text["Wrong email or password."];
        return Page();
    }
}
