using System.Net;
using System.Text.Json;
using Forecast.Core;
using Forecast.Core.Access;
using Forecast.Core.Jobs;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// The web app plus two test-only routes that throw a framework exception carrying an internal detail (as a bug
/// would): <c>/test/throws</c> for a page request and <c>/api/test/throws</c> for the API.
/// </summary>
public sealed class ThrowingWebApp : IAsyncLifetime
{
    public const string Secret = "internal detail 7f3a";

    public WebApp App { get; } = new();

    public Task InitializeAsync()
    {
        App.ServiceChanges.Add(services => services.AddTransient<IStartupFilter, ThrowingRoutes>());
        return App.InitializeAsync();
    }

    public Task DisposeAsync() => App.DisposeAsync();

    /// <summary>Runs after the app's own pipeline (no endpoint matched), so inside its exception handler and authorization.</summary>
    private sealed class ThrowingRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, following) => context.Request.Path == "/test/throws" || context.Request.Path == "/api/test/throws"
                ? throw new ArgumentException(Secret, "family")
                : following(context));
        };
    }
}

/// <summary>
/// The web edge under hostile input: open redirects, NUL characters in every filter, errors that must not leak, and
/// the headers every response carries (also a 500).
/// </summary>
public sealed class WebHardeningTests(ThrowingWebApp fixture) : IClassFixture<ThrowingWebApp>
{
    private WebApp App => fixture.App;

    private Task<HttpClient> AdminAsync()
    {
        var login = App.Logins[Roles.Admin];
        return SignedInClient.CreateAsync(App, login.Email, login.Password);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/%0d%0aevil")]
    public async Task Culture_RedirectsToTheStartPage_WhenTheReturnUrlWouldLeaveTheSite(string returnUrl)
    {
        using var client = App.CreateClient();

        var response = await client.PostAsync($"/culture?culture=zh-TW&returnUrl={Uri.EscapeDataString(Uri.UnescapeDataString(returnUrl))}", null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Culture_RedirectsBackToThePage_WhenTheReturnUrlIsLocal()
    {
        using var client = App.CreateClient();

        var response = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "zh-TW", ["returnUrl"] = "/planner?family=A" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/planner?family=A", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerError_OnAPage_ShowsTheLocalizedErrorPageWithTheSecurityHeaders_AndNoDetail()
    {
        using var client = await AdminAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-TW");

        var response = await client.GetAsync("/test/throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"status-title\"", html, StringComparison.Ordinal);
        Assert.Contains("發生錯誤", html, StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowingWebApp.Secret, html, StringComparison.Ordinal);
        AssertSecurityHeaders(response);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerError_OnTheApi_IsProblemDetailsWithTheSecurityHeaders_AndNoDetail()
    {
        using var client = App.CreateClient(await App.IssueTokenAsync(Roles.Admin));

        var response = await client.GetAsync("/api/test/throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(ThrowingWebApp.Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public void ExceptionHandler_ShowsOnlyTheAppsOwnMessages()
    {
        var bcl = ProblemDetailsExceptionHandler.Classify(new ArgumentException("Value cannot be null. (Parameter 'connectionString')"));
        Assert.Equal(StatusCodes.Status500InternalServerError, bcl.Status);
        Assert.DoesNotContain("connectionString", bcl.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status500InternalServerError, ProblemDetailsExceptionHandler.Classify(new KeyNotFoundException("The given key 'x' was not present.")).Status);

        var own = ProblemDetailsExceptionHandler.Classify(new UserInputException("The quantity must be positive."));
        Assert.Equal((StatusCodes.Status400BadRequest, "The quantity must be positive."), (own.Status, own.Detail));
        Assert.Equal(StatusCodes.Status400BadRequest, ProblemDetailsExceptionHandler.Classify(new AsOfDateException("no such day")).Status);
        Assert.Equal(StatusCodes.Status409Conflict, ProblemDetailsExceptionHandler.Classify(new PipelineBusyException("run 4 is running")).Status);
    }

    /// <summary>Every page and API parameter that reaches a SQL query as text.</summary>
    public static TheoryData<string> NulPages => new()
    {
        "/planner?family=%00", "/planner?supplier=a%00b", "/planner?handler=Csv&family=%00", "/reps/customers?q=%00",
    };

    public static TheoryData<string> NulApiRoutes => new()
    {
        "/api/planner/at-risk?family=%00", "/api/planner/at-risk?supplier=%00", "/api/planner/suggested-orders?family=%00",
        "/api/planner/suggested-orders.csv?supplier=%00", "/api/customers?q=%00", "/api/admin/imports?x=%00",
    };

    [Theory]
    [MemberData(nameof(NulPages))]
    public async Task NulCharacter_InAPageFilter_AnswersTheLocalizedBadRequestPage(string path)
    {
        using var client = await AdminAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"status-title\"", html, StringComparison.Ordinal);
        Assert.Contains("NUL character (%00)", html, StringComparison.Ordinal);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [MemberData(nameof(NulApiRoutes))]
    public async Task NulCharacter_InAnApiParameter_AnswersBadRequestProblemDetails(string path)
    {
        using var client = App.CreateClient(await App.IssueTokenAsync(Roles.Admin));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("NUL", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NulCharacter_InTheLoginEmail_AnswersTheBadRequestPage()
    {
        using var client = SignedInClient.CreateAnonymous(App);

        using var response = await SignedInClient.PostLoginAsync(client, "admin\0@test.local", "whatever-password");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        Assert.Contains("NUL character (%00)", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/planner")]
    [InlineData("/reps/customers")]
    [InlineData("/api/me")]
    [InlineData("/account/login")]
    public async Task Responses_AreNotStored_WhenTheyCarryData(string path)
    {
        using var client = await AdminAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task StaticFiles_MayBeCached()
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
