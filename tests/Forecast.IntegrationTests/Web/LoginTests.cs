using System.Diagnostics;
using System.Net;
using Forecast.Core.Access;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// The login page tells a stranger nothing about which emails have accounts: an unknown email, a wrong password and a
/// locked-out account read the same and take about as long (each costs one password hash).
/// </summary>
public sealed class LoginTests(WebApp app) : IClassFixture<WebApp>
{
    private const string Failed = "Wrong email or password, or too many failed attempts: check them, or wait a few minutes and try again.";

    private async Task<IssuedLogin> NewPlannerAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var key = Guid.NewGuid().ToString("N")[..10];
        return await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateOrResetAsync($"{key}@login.test", $"User {key}", Roles.Planner, null);
    }

    private async Task<(HttpStatusCode Status, string Text, bool SignedIn)> SignInAsync(string email, string password)
    {
        using var client = SignedInClient.CreateAnonymous(app);
        using var response = await SignedInClient.PostLoginAsync(client, email, password);
        var signedIn = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("forecast.auth=", StringComparison.Ordinal));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), signedIn);
    }

    [Fact]
    public async Task SignIn_AnswersTheSameMessage_ForAnUnknownEmailAWrongPasswordAndALockedOutAccount()
    {
        var user = await NewPlannerAsync();

        var unknown = await SignInAsync($"nobody-{Guid.NewGuid():N}@login.test", "some-password-123");
        var wrong = await SignInAsync(user.Email, "wrong-password-123");
        for (var i = 0; i < 10; i++)
            await SignInAsync(user.Email, "wrong-password-123");
        // Locked out now: even the right password gets the same answer, and no session.
        var locked = await SignInAsync(user.Email, user.Password);

        foreach (var answer in new[] { unknown, wrong, locked })
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Contains(Failed, answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Too many failed attempts; try again later.", answer.Text, StringComparison.Ordinal);
            Assert.False(answer.SignedIn);
        }
    }

    [Fact]
    public async Task SignIn_TakesAboutAsLong_ForAnUnknownEmailAsForAWrongPasswordOrALockedOutAccount()
    {
        var user = await NewPlannerAsync();
        var locked = await NewPlannerAsync();
        for (var i = 0; i < 10; i++)
            await SignInAsync(locked.Email, "wrong-password-123");
        await SignInAsync($"warm-up-{Guid.NewGuid():N}@login.test", "some-password-123");
        var unknownTimes = new List<double>();
        var wrongTimes = new List<double>();
        var lockedTimes = new List<double>();

        // Interleaved, so a slow moment of the shared machine hits all three alike; medians ignore the odd outlier.
        for (var i = 0; i < 7; i++)
        {
            unknownTimes.Add(await TimeAsync($"nobody-{i}-{Guid.NewGuid():N}@login.test"));
            wrongTimes.Add(await TimeAsync(user.Email));
            lockedTimes.Add(await TimeAsync(locked.Email));
        }

        var (unknown, wrong, lockedOut) = (Median(unknownTimes), Median(wrongTimes), Median(lockedTimes));
        // Before the decoy hash: about 5 ms against 100 ms (a factor of 20). A password hash dominates each answer now.
        Assert.True(unknown > wrong * 0.5, $"unknown email {unknown:F1} ms, wrong password {wrong:F1} ms");
        Assert.True(lockedOut > wrong * 0.5, $"locked out {lockedOut:F1} ms, wrong password {wrong:F1} ms");
    }

    private async Task<double> TimeAsync(string email)
    {
        using var client = SignedInClient.CreateAnonymous(app);
        var token = await SignedInClient.AntiforgeryTokenAsync(client, "/account/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = "wrong-password-123", ["__RequestVerificationToken"] = token });
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/account/login", form);
        await response.Content.ReadAsStringAsync();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>The web app with a sign-in limit of 3 posts per address and minute.</summary>
public sealed class ThrottledWebApp : IAsyncLifetime
{
    public WebApp App { get; } = new();

    public Task InitializeAsync()
    {
        App.Settings["SignInThrottle:PermitLimit"] = "3";
        App.Settings["SignInThrottle:Window"] = "00:01:00";
        return App.InitializeAsync();
    }

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// Sign-in posts are limited per client address before any password is checked: beyond the limit the answer is 429
/// with the localized page, and the refused attempts never reach the account, so they cannot lock it out.
/// </summary>
public sealed class SignInThrottleTests(ThrottledWebApp fixture) : IClassFixture<ThrottledWebApp>
{
    [Fact]
    public async Task SignIn_AnswersTooManyRequests_BeyondTheLimitPerAddress_WithoutCountingAgainstTheAccount()
    {
        var app = fixture.App;
        var admin = app.Logins[Roles.Admin];
        using var client = SignedInClient.CreateAnonymous(app);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-TW");
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await SignedInClient.PostLoginAsync(client, admin.Email, "wrong-password-123");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
            refused.Add(await SignedInClient.PostLoginAsync(client, admin.Email, "wrong-password-123"));

        Assert.All(refused, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        var html = WebUtility.HtmlDecode(await refused[0].Content.ReadAsStringAsync());
        Assert.True(html.Contains("嘗試次數過多", StringComparison.Ordinal), html);
        Assert.Equal("text/html", refused[0].Content.Headers.ContentType?.MediaType);
        refused.ForEach(r => r.Dispose());
        // Showing the form is not limited, and 23 wrong passwords from here counted only 3 against the admin.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.Equal(3, db.Users.Single(u => u.Email == admin.Email).AccessFailedCount);
    }
}
