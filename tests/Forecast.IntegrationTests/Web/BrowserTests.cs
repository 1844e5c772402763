using Forecast.Core.Access;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Web;

public sealed class BrowserTests(WebApp app, Browser browser) : IClassFixture<WebApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task Admin_SignsIn_AndSeesTheAdminPage()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var login = app.Logins[Roles.Admin];
        await Browser.SignInAsync(page, login.Email, login.Password);
        await page.GotoAsync("/admin");

        Assert.Equal("Admin", await page.InnerTextAsync("h1"));
        Assert.True(await page.IsVisibleAsync("#run-nightly"));
        await Browser.ScreenshotAsync(page, "admin");
    }

    [Fact]
    public async Task Planner_IsRefused_TheAdminPageAndTheJobDashboard()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var login = app.Logins[Roles.Planner];
        await Browser.SignInAsync(page, login.Email, login.Password);

        await page.GotoAsync("/admin");
        Assert.True(await page.IsVisibleAsync("#denied"));
        var dashboard = await page.GotoAsync("/hangfire");
        Assert.True(dashboard!.Url.Contains("/account/denied", StringComparison.Ordinal));
        await Browser.ScreenshotAsync(page, "planner-denied-admin");
    }

    [Fact]
    public async Task SignIn_ShowsAnError_WithAWrongPassword()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Browser.SignInAsync(page, app.Logins[Roles.Admin].Email, "wrong-password-123");
        Assert.Contains("Wrong email or password", await page.InnerTextAsync(".error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_SpeaksTraditionalChinese_WhenTheBrowserAsksForIt()
    {
        var page = await browser.NewPageAsync(app.BaseAddress, "zh-TW");
        await page.GotoAsync("/account/login");
        Assert.Equal("登入", await page.InnerTextAsync("h1"));
        await Browser.ScreenshotAsync(page, "login-zh-TW");
    }
}
