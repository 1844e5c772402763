using System.Net;
using System.Text.RegularExpressions;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Web;

/// <summary>An HTTP client that signed in through the login form, as a browser does (cookie + antiforgery).</summary>
public static partial class SignedInClient
{
    public static async Task<HttpClient> CreateAsync(WebApp app, string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var token = await AntiforgeryTokenAsync(client, "/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}, not a redirect.");
        return client;
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
