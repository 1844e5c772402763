using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Outreach;

public enum SmtpSecurity
{
    /// <summary>Plain SMTP (a relay on loopback or an internal network only).</summary>
    None,
    /// <summary>Connect in clear, then upgrade with STARTTLS (refuse to send if the server cannot).</summary>
    StartTls,
    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}

/// <summary>How mail leaves. Section <c>Mail</c>; the password comes from the environment (<c>Mail__Password</c>), never from appsettings.</summary>
public sealed class MailOptions
{
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 2525;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string? Username { get; set; }
    public string? Password { get; set; }

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "forecast@localhost";

    public string FromName { get; set; } = "Forecast";

    /// <summary>Right-hand side of every Message-Id (<c>&lt;hash@domain&gt;</c>).</summary>
    [Required]
    public string MessageIdDomain { get; set; } = "forecast.local";

    /// <summary>Messages sent over one SMTP connection.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Attempts before a message that keeps failing temporarily is given up as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>A claim older than this belongs to a dead sender and may be taken over.</summary>
    [Range(10, 86_400)]
    public int ClaimLeaseSeconds { get; set; } = 300;

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
