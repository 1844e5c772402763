using System.ComponentModel.DataAnnotations;

namespace Forecast.Web.DevMail;

/// <summary>Section <c>Mail:DevSink</c>: the development SMTP sink hosted by the web app (off by default; never in production).</summary>
public sealed class DevSinkOptions
{
    public const string Section = "Mail:DevSink";

    /// <summary>Listen on <c>Mail:Host</c>:<c>Mail:Port</c> and keep every message received for <c>/admin/mailbox</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>While the sink runs, the web app also sends the outbox this often (seconds), so the demo shows mail at once.</summary>
    [Range(1, 3600)]
    public int SendEverySeconds { get; set; } = 10;
}
