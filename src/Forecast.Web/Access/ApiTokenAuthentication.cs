using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Forecast.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Access;

/// <summary>Machine clients send <c>Authorization: Bearer fct_...</c>; the token's role becomes the caller's
/// role, and a Rep token's CRM rep becomes the caller's rep scope.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var check = await tokens.CheckAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (check.Token is not { } token)
            return AuthenticateResult.Fail(check.Refusal ?? "API token refused.");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"token:{token.Name}"), new Claim(ClaimTypes.Role, token.Role), new Claim("token_id", token.Id.ToString(CultureInfo.InvariantCulture))],
            SchemeName);
        // The same claim a rep's sign-in cookie carries, so every rep-scoped page and route treats the token as that rep.
        if (token.RepId is { } repId)
            identity.AddClaim(new Claim(CurrentUser.RepIdClaim, repId.ToString(CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
