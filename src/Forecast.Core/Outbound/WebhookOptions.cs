using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Outbound;

/// <summary>
/// A signed JSON webhook: off while <see cref="Url"/> is empty. The secret comes from the environment
/// (<c>Section__Secret</c> with <c>__</c> for <c>:</c>) or user secrets, never appsettings.json.
/// </summary>
public abstract class WebhookOptions : IValidatableObject
{
    /// <summary>The configuration section, named in validation messages.</summary>
    protected abstract string SectionName { get; }

    /// <summary>Where JSON bodies are POSTed (http or https). Empty: the webhook is off.</summary>
    public string? Url { get; set; }

    /// <summary>Key of the HMAC-SHA256 signature of each body (header <c>X-Forecast-Signature: sha256=&lt;hex&gt;</c>). Required with a URL.</summary>
    public string? Secret { get; set; }

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>POSTs of one item before it is given up (its last error kept).</summary>
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
            yield return new ValidationResult($"{SectionName}:Url '{Url}' is not an absolute http(s) address.", [nameof(Url)]);
        if (string.IsNullOrEmpty(Secret) || Secret.Length < 16)
        {
            yield return new ValidationResult(
                $"{SectionName}:Secret must be set (at least 16 characters) when the webhook URL is: set {SectionName.Replace(":", "__", StringComparison.Ordinal)}__Secret in the environment.",
                [nameof(Secret)]);
        }
    }
}
