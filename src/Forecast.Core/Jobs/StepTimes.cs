using System.Globalization;
using System.Text;

namespace Forecast.Core.Jobs;

/// <summary>
/// Seconds spent in each step of a stage, for its progress log: where a stage's time goes at scale is read from the
/// workers' logs, not guessed.
/// </summary>
public sealed class StepTimes(TimeProvider time)
{
    private readonly StringBuilder _laps = new();
    private long _last = time.GetTimestamp();

    /// <summary>Ends the step running since the last lap (or since construction) under <paramref name="step"/>.</summary>
    public void Lap(string step)
    {
        var now = time.GetTimestamp();
        if (_laps.Length > 0)
            _laps.Append(", ");
        _laps.Append(CultureInfo.InvariantCulture, $"{step} {time.GetElapsedTime(_last, now).TotalSeconds:0.0}");
        _last = now;
    }

    public override string ToString() => _laps.ToString();
}
