using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Access;

/// <summary>
/// How many sign-in attempts one client address may make (section <c>SignInThrottle</c>). The limit runs before the
/// password is checked, so refused attempts never count against an account's lockout.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "SignInThrottle";

    /// <summary>Sign-in posts per address within <see cref="Window"/>; raise it when many users share one address (NAT).</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 10;

    /// <summary>The sliding window the limit applies to.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Per-client-address rate limiting of the sign-in form (ASP.NET Core's rate limiter, a sliding window): password
/// guessing and spraying from one address is slowed to <see cref="SignInThrottleOptions.PermitLimit"/> tries per
/// window over all accounts together; the answer beyond it is 429 with the localized error page.
/// </summary>
public static class SignInThrottle
{
    public const string PolicyName = "sign-in";

    public static WebApplicationBuilder AddSignInThrottle(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(PolicyName, context =>
            {
                // Only the post that checks a password counts; showing the form costs nothing.
                if (!HttpMethods.IsPost(context.Request.Method))
                    return RateLimitPartition.GetNoLimiter("show-form");
                var options = context.RequestServices.GetRequiredService<IOptions<SignInThrottleOptions>>().Value;
                // Behind a reverse proxy this is the proxy's address unless forwarded headers are configured (docs/web.md).
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    SegmentsPerWindow = 5,
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }
}
