using System.Net;
using Forecast.Core.Access;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Web;

public sealed class AccessControlTests(WebApp app) : IClassFixture<WebApp>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/planner")]
    [InlineData("/reps/reminders")]
    [InlineData("/hangfire")]
    public async Task Pages_RedirectToSignIn_WhenAnonymous(string path)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hangfire_IsForbidden_ToAPlannerToken_AndOpenToAnAdminToken()
    {
        using var planner = app.CreateClient(await app.IssueTokenAsync(Roles.Planner));
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync("/hangfire")).StatusCode);
        using var admin = app.CreateClient(await app.IssueTokenAsync(Roles.Admin));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Requests_AreRefused_WithAnUnknownToken()
    {
        using var client = app.CreateClient("fct_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Forecast API", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatchReviewForm_IsRefused_WithoutItsAntiforgeryToken()
    {
        var login = app.Logins[Roles.Admin];
        using var client = await SignedInClient.CreateAsync(app, login.Email, login.Password);

        var response = await client.PostAsync("/admin/matches", new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = "1", ["decision"] = "accept" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_SetsAnHttpOnlySameSiteCookie()
    {
        using var client = app.CreateClient();
        using var page = await client.GetAsync("/account/login");
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var login = app.Logins[Roles.Planner];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = login.Email, ["Password"] = login.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }),
        };
        request.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("forecast.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }
}
