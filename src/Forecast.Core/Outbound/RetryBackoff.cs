namespace Forecast.Core.Outbound;

/// <summary>How long a failed delivery (mail, webhook) waits before its next attempt.</summary>
public static class RetryBackoff
{
    /// <summary>30 s after the first attempt, doubling, capped at one hour: a receiver down for a day is tried about 30 times, not thousands.</summary>
    public static TimeSpan After(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
