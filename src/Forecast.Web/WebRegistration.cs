using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Web.Access;
using Forecast.Web.Api;
using Forecast.Web.Freshness;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Scalar.AspNetCore;

namespace Forecast.Web;

/// <summary>Everything the web host adds on top of the shared composition root.</summary>
public static class WebRegistration
{
    public const string PlannerPolicy = "Planner";
    public const string RepPolicy = "Rep";
    public const string AdminPolicy = "Admin";
    private const string BrowserOrToken = "BrowserOrToken";

    public static readonly CultureInfo[] Cultures = [new("en"), new("zh-TW")];

    public static WebApplicationBuilder AddForecastWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<ForecastUser, IdentityRole>(AccessRegistration.ConfigurePasswords)
            .AddEntityFrameworkStores<ForecastDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<ForecastClaimsFactory>()
            .AddSignInManager<ForecastSignInManager>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "forecast.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is (behind TLS in production); the demo runs on plain http://127.0.0.1.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            // An API client gets 401/403, not a redirect to a login page.
            o.Events.OnRedirectToLogin = c => ApiAware(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiAware(c, StatusCodes.Status403Forbidden);
            // A signed-out session (copied cookie) or a rep who left is refused on the next request; Identity's own
            // periodic security-stamp check (which also refreshes roles) still runs after it.
            var securityStamp = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async c =>
            {
                await SessionValidation.ValidateAsync(c);
                if (c.Principal is not null)
                    await securityStamp(c);
            };
        });
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            // A request with a bearer token is a machine client; anything else is a browser with the sign-in cookie.
            .AddPolicyScheme(BrowserOrToken, BrowserOrToken, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultAuthenticateScheme = BrowserOrToken;
            o.DefaultChallengeScheme = BrowserOrToken;
            o.DefaultForbidScheme = BrowserOrToken;
        });
        services.AddScoped<ApiTokens>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<RepAccess>();
        services.AddOptions<DataAgeOptions>().BindConfiguration(DataAgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DataAge>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(Authenticated())
            .SetFallbackPolicy(Authenticated())
            .AddPolicy(PlannerPolicy, Authenticated(Roles.Planner, Roles.Admin))
            .AddPolicy(RepPolicy, Authenticated(Roles.Rep, Roles.Admin, Roles.Planner))
            .AddPolicy(AdminPolicy, Authenticated(Roles.Admin));

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Chinese names and text go out as characters, not as &#x...; entities (HTML-significant characters are still encoded).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Planner", PlannerPolicy);
                o.Conventions.AuthorizeFolder("/Reps", RepPolicy);
                o.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
                o.Conventions.AllowAnonymousToFolder("/Account");
                // The pages that show predictions say when their data is well behind today (the layout's banner).
                foreach (var folder in new[] { "/Planner", "/Reps", "/Admin" })
                    o.Conventions.AddFolderApplicationModelConvention(folder, page => page.Filters.Add(new DataAgeFilter()));
                o.Conventions.AddFolderApplicationModelConvention("/Planner", page => page.Filters.Add(new Accuracy.AccuracyDriftFilter()));
            })
            .AddViewLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

        builder.AddSignInThrottle();
        services.AddProblemDetails();
        // Enums as their names in the JSON API ("Open", not 0), as the pages show them.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Forecast API";
            doc.Info.Description = "Demand, reorder and win-probability predictions joined from ERP and CRM. Authenticate with a cookie (browser) or `Authorization: Bearer <API token>`.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Routes that answer problem details (JSON) rather than pages.</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi");

    public static WebApplication UseForecastWeb(this WebApplication app)
    {
        // First, so every response gets them: a 500 from the exception handler (which clears the headers) and the
        // re-executed error pages too. OnStarting runs after everything else has set its headers.
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                SetSecurityHeaders(context);
                return Task.CompletedTask;
            });
            await next();
        });
        // Error statuses without a body: problem details for the API, a localized page for browsers. Outside the
        // exception handler, so an exception on a page (which gets only a status there) shows the page too.
        app.UseWhen(c => IsApi(c.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c.Request.Path) && !c.Request.Path.StartsWithSegments("/hangfire"),
            pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseMiddleware<NulCharacterGuard>();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = f => f.Context.Items[StaticFileKey] = true });
        app.UseRequestLocalization();
        var businessZone = TimeZoneInfo.FindSystemTimeZoneById(app.Services.GetRequiredService<IOptions<ScheduleOptions>>().Value.TimeZone);
        app.Use(async (context, next) =>
        {
            Display.TimeZone = businessZone;
            await next();
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapRazorPages();
        app.MapForecastApi();
        app.MapAccuracyApi();
        app.MapDemandApi();
        app.MapPlannerActions();
        app.MapCrmActivities();
        app.MapSupplierApi();
        app.MapPoMessageApi();
        app.MapAssistantApi();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        // Intranets are often offline: Scalar's default fonts come from fonts.scalar.com, so the page would wait on them.
        // Its vendor extras (open in Scalar's client app, the developer toolbar that a 127.0.0.1 address shows with
        // "Generate SDK" and "Deploy", the AI agent, MCP, telemetry) are not part of this service.
        app.MapScalarApiReference(o => o.WithTitle("Forecast API")
                .WithFavicon("/favicon.svg")
                .DisableDefaultFonts()
                .HideClientButton()
                .HideDeveloperTools()
                .HideDocumentDownload()
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry())
            .AllowAnonymous();
        app.MapHangfireDashboardWithAuthorizationPolicy(AdminPolicy, "/hangfire", new DashboardOptions
        {
            DashboardTitle = "Forecast jobs",
            AppPath = "/admin",
            // Authorization is the endpoint policy (Admin); Hangfire's own local-requests-only filter is not wanted behind it.
            Authorization = [],
            AsyncAuthorization = [],
        });
        // The layout's switch posts a form; a link or a script may put the values in the query instead.
        app.MapPost("/culture", async (HttpContext context) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            string? culture = form?["culture"].FirstOrDefault() ?? context.Request.Query["culture"].FirstOrDefault();
            string? returnUrl = form?["returnUrl"].FirstOrDefault() ?? context.Request.Query["returnUrl"].FirstOrDefault();
            if (culture is not null && Cultures.Any(c => c.Name == culture))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            }
            // Only back to a page of this site: "//evil.example" or "/\\evil.example" would leave it (an open redirect).
            return Results.LocalRedirect(IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();
        return app;
    }

    private const string StaticFileKey = "forecast.static-file";

    private static void SetSecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "SAMEORIGIN";
        headers["Referrer-Policy"] = "same-origin";
        // The assistant's speech-to-text needs this origin's microphone; no other origin, no camera or location.
        headers["Permissions-Policy"] = "camera=(), microphone=(self), geolocation=()";
        // The pages use no inline script; the Hangfire dashboard and the API reference bring their own, so they are excluded.
        if (!context.Request.Path.StartsWithSegments("/hangfire") && !context.Request.Path.StartsWithSegments("/scalar"))
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'self'; form-action 'self'";
        // Customer and stock data must not stay in a shared browser's or a proxy's cache after sign-out. Only the
        // static files (css, js; versioned by asp-append-version) may be cached.
        if (!context.Items.ContainsKey(StaticFileKey))
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }
    }

    /// <summary>
    /// ASP.NET Core's <c>Url.IsLocalUrl</c> rule: a path of this site ("/x" or "~/x"), never "//host" or "/\\host"
    /// (browsers read both as another host), and no control characters.
    /// </summary>
    internal static bool IsLocalUrl([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url)
    {
        if (string.IsNullOrEmpty(url))
            return false;
        ReadOnlySpan<char> rest;
        if (url[0] == '/')
            rest = url.AsSpan(1);
        else if (url.StartsWith("~/", StringComparison.Ordinal))
            rest = url.AsSpan(2);
        else
            return false;
        if (rest.Length > 0 && rest[0] is '/' or '\\')
            return false;
        foreach (var c in rest)
        {
            if (char.IsControl(c))
                return false;
        }
        return true;
    }

    private static AuthorizationPolicy Authenticated(params string[] roles)
    {
        var policy = new AuthorizationPolicyBuilder(BrowserOrToken).RequireAuthenticatedUser();
        if (roles.Length > 0)
            policy.RequireRole(roles);
        return policy.Build();
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
