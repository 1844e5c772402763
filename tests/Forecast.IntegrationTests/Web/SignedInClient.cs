using System.Net;
using System.Text.RegularExpressions;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Web;

/// <summary>An HTTP client that signed in through the login form, as a browser does (cookie + antiforgery).</summary>
public static partial class SignedInClient
{
    public static async Task<HttpClient> CreateAsync(WebApp app, string email, string password)
    {
        var client = CreateAnonymous(app);
        using var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}, not a redirect.");
        return client;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, not signed in yet.</summary>
    public static HttpClient CreateAnonymous(WebApp app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };

    /// <summary>Fills and posts the login form; the answer is a redirect when the sign-in worked, else the page with its error.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The antiforgery token a page's form carries.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return TokenInput().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"{path} has no antiforgery token.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
