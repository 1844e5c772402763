using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>
/// The CRM activity webhook. Section <c>Crm:ActivityWebhook</c>; off while <see cref="Url"/> is empty. The secret comes
/// from the environment (<c>Crm__ActivityWebhook__Secret</c>) or user secrets, never appsettings.json.
/// </summary>
public sealed class CrmWebhookOptions : IValidatableObject
{
    public const string Section = "Crm:ActivityWebhook";

    /// <summary>Where batches of activities are POSTed as JSON (http or https). Empty: the webhook is off.</summary>
    public string? Url { get; set; }

    /// <summary>Key of the HMAC-SHA256 signature of each body (header <c>X-Forecast-Signature: sha256=&lt;hex&gt;</c>). Required with a URL.</summary>
    public string? Secret { get; set; }

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>POSTs of one action before it is given up (its last error kept).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>A claimed batch whose sender vanished is sent again after this many seconds.</summary>
    [Range(10, 86_400)]
    public int ClaimLeaseSeconds { get; set; } = 600;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
            yield break;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            yield return new ValidationResult($"Crm:ActivityWebhook:Url '{Url}' is not an absolute http(s) address.", [nameof(Url)]);
        if (string.IsNullOrEmpty(Secret) || Secret.Length < 16)
            yield return new ValidationResult("Crm:ActivityWebhook:Secret must be set (at least 16 characters) when the webhook URL is: set Crm__ActivityWebhook__Secret in the environment.", [nameof(Secret)]);
    }
}
