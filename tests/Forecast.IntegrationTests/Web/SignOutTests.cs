using System.Net;
using Forecast.Core.Access;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// Sign out in the real browser ends the session on the server: the cookie copied before it is refused afterwards
/// (the security stamp changed), on the API and on the pages. Also the layout's language switch, the other form every
/// page carries.
/// </summary>
public sealed class SignOutTests(WebApp app, Browser browser) : IClassFixture<WebApp>, IClassFixture<Browser>
{
    private HttpClient ClientWithCookie(BrowserContextCookiesResult cookie)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        return client;
    }

    [Fact]
    public async Task SignOut_RevokesTheSession_WhenItsCopiedCookieIsReplayed()
    {
        var login = app.Logins[Roles.Planner];
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Browser.SignInAsync(page, login.Email, login.Password);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "forecast.auth");
        using (var before = ClientWithCookie(cookie))
            Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/me")).StatusCode);

        await page.ClickAsync("#logout");
        await page.WaitForURLAsync("**/account/login");

        Assert.True(await page.IsVisibleAsync("#sign-in"));
        using var replay = ClientWithCookie(cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/me")).StatusCode);
        var customers = await replay.GetAsync("/reps/customers");
        Assert.Equal(HttpStatusCode.Redirect, customers.StatusCode);
        Assert.StartsWith("/account/login", customers.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        // The same person signs in again and works.
        await Browser.SignInAsync(page, login.Email, login.Password);
        var planner = await page.GotoAsync("/planner");
        Assert.Equal(200, planner!.Status);
    }

    [Fact]
    public async Task PasswordReset_EndsTheSessionsHeldBeforeIt()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var login = await users.CreateOrResetAsync($"reset-{Guid.NewGuid():N}@test.local", "Reset Me", Roles.Planner, null);
        using var client = await SignedInClient.CreateAsync(app, login.Email, login.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var renewed = await users.CreateOrResetAsync(login.Email, "Reset Me", Roles.Planner, null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        using var again = await SignedInClient.CreateAsync(app, renewed.Email, renewed.Password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task LanguageSwitch_ShowsThePageInTraditionalChinese_AndStaysOnIt()
    {
        var login = app.Logins[Roles.Planner];
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Browser.SignInAsync(page, login.Email, login.Password);
        await page.GotoAsync("/reps/customers?q=abc");

        await page.ClickAsync("button[value='zh-TW']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal("zh-TW", await page.GetAttributeAsync("html", "lang"));
        Assert.EndsWith("/reps/customers?q=abc", page.Url, StringComparison.Ordinal);
    }
}
