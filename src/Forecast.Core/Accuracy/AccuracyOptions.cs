using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Accuracy;

/// <summary>Settings of forecast scoring and the drift alert, bound from the <c>Accuracy</c> section.</summary>
public sealed class AccuracyOptions
{
    public const string Section = "Accuracy";

    /// <summary>Drift when the recent weeks' MASE exceeds this multiple of the trailing level (1.3 = 30% worse).</summary>
    [Range(1.0, 10.0)]
    public double DriftFactor { get; set; } = 1.3;

    /// <summary>Weeks in the recent window of the drift rule.</summary>
    [Range(1, 26)]
    public int RecentWeeks { get; set; } = 4;

    /// <summary>Weeks in the trailing window the recent one is compared with.</summary>
    [Range(1, 104)]
    public int TrailingWeeks { get; set; } = 13;

    /// <summary>Scored weeks the trailing window needs before any drift is claimed.</summary>
    [Range(1, 104)]
    public int MinTrailingWeeks { get; set; } = 8;

    /// <summary>The horizon step the drift rule watches (1 = the forecast for the next period).</summary>
    [Range(1, 520)]
    public int DriftStep { get; set; } = 1;
}
