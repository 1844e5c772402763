namespace Forecast.Modeling.Evaluation;

/// <summary>
/// One forecast of one series for one past period, next to what happened. <see cref="Scale"/> is the MASE scale of the
/// series as the forecast knew it: the in-sample (seasonal-)naive mean absolute error of its history as of the forecast
/// (<see cref="Accuracy.NaiveMae"/>); NaN or 0 when that history was too short or flat to scale by.
/// </summary>
public readonly record struct ScoredForecast(double Forecast, double Actual, double Lower80, double Upper80, double Scale)
{
    /// <summary>Forecast minus actual: positive when the forecast was too high.</summary>
    public double Error => Forecast - Actual;

    /// <summary>|error| / scale, or NaN when the scale is not usable.</summary>
    public double ScaledError => Scale > 0 && double.IsFinite(Scale) ? Math.Abs(Error) / Scale : double.NaN;

    /// <summary>Whether the actual fell inside the forecast's 80% interval (bounds included).</summary>
    public bool Covered => Actual >= Lower80 && Actual <= Upper80;
}

/// <summary>
/// Accuracy of a set of forecasts (one week of a family, one product over weeks, ...), as Hyndman &amp; Koehler (2006)
/// recommend for series on different scales: MASE is the mean of the scaled absolute errors, so each series weighs by
/// how hard it is to forecast, not by its volume; bias is reported in units and as a share of actual demand.
/// </summary>
/// <param name="Count">Forecasts scored.</param>
/// <param name="Forecast">Sum of the forecasts.</param>
/// <param name="Actual">Sum of the actuals.</param>
/// <param name="MeanError">Mean of forecast − actual (positive: over-forecast).</param>
/// <param name="BiasShare">Σ(forecast − actual) / Σ actual; NaN when nothing was sold.</param>
/// <param name="Mae">Mean absolute error in units.</param>
/// <param name="Mase">Mean scaled absolute error over the forecasts with a usable scale; NaN when none has one.</param>
/// <param name="ScaledCount">Forecasts that entered <paramref name="Mase"/>.</param>
/// <param name="Coverage80">Share of actuals inside the 80% interval (nominal 0.8).</param>
public sealed record ScoreSummary(int Count, double Forecast, double Actual, double MeanError, double BiasShare, double Mae, double Mase, int ScaledCount, double Coverage80)
{
    /// <summary>The summary of <paramref name="scores"/>; an empty set gives NaN measures and count 0.</summary>
    public static ScoreSummary Of(IEnumerable<ScoredForecast> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int n = 0, scaled = 0, covered = 0;
        double forecast = 0, actual = 0, error = 0, absolute = 0, scaledSum = 0;
        foreach (var s in scores)
        {
            n++;
            forecast += s.Forecast;
            actual += s.Actual;
            error += s.Error;
            absolute += Math.Abs(s.Error);
            if (s.Covered)
                covered++;
            var q = s.ScaledError;
            if (double.IsFinite(q))
            {
                scaledSum += q;
                scaled++;
            }
        }
        if (n == 0)
            return new ScoreSummary(0, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN);
        return new ScoreSummary(n, forecast, actual, error / n, actual > 0 ? error / actual : double.NaN, absolute / n,
            scaled > 0 ? scaledSum / scaled : double.NaN, scaled, (double)covered / n);
    }
}

/// <summary>The outcome of <see cref="DriftRule.Evaluate"/>: the recent and trailing MASE levels and whether they drifted.</summary>
public sealed record DriftCheck(double RecentMase, int RecentWeeks, double TrailingMase, int TrailingWeeks, bool Drifted)
{
    /// <summary>Recent level over trailing level (NaN when either is missing).</summary>
    public double Ratio => TrailingMase > 0 ? RecentMase / TrailingMase : double.NaN;
}

/// <summary>
/// Accuracy drift: the mean weekly MASE of the last <c>recent</c> scored weeks against the mean of the <c>trailing</c>
/// weeks before them (the two windows do not overlap, so a bad month cannot hide in its own baseline). It has drifted
/// when the recent level exceeds <c>factor</c> × the trailing level, provided the trailing window holds at least
/// <c>minTrailingWeeks</c> scored weeks and the recent one is full; with less history nothing is claimed.
/// </summary>
public static class DriftRule
{
    /// <param name="weeklyMase">One MASE per consecutive week, oldest first (NaN: the week had nothing scored).</param>
    /// <param name="factor">How much worse the recent level must be (e.g. 1.3 = 30% worse).</param>
    /// <param name="recent">Weeks in the recent window (4).</param>
    /// <param name="trailing">Weeks in the trailing window before it (13).</param>
    /// <param name="minTrailingWeeks">Scored weeks the trailing window needs before drift is judged.</param>
    public static DriftCheck Evaluate(IReadOnlyList<double> weeklyMase, double factor, int recent, int trailing, int minTrailingWeeks)
    {
        ArgumentNullException.ThrowIfNull(weeklyMase);
        ArgumentOutOfRangeException.ThrowIfLessThan(recent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trailing, 1);
        var recentWindow = weeklyMase.Skip(Math.Max(0, weeklyMase.Count - recent)).Where(double.IsFinite).ToList();
        var trailingWindow = weeklyMase.Take(Math.Max(0, weeklyMase.Count - recent)).TakeLast(trailing).Where(double.IsFinite).ToList();
        var recentMase = recentWindow.Count > 0 ? recentWindow.Average() : double.NaN;
        var trailingMase = trailingWindow.Count > 0 ? trailingWindow.Average() : double.NaN;
        var judged = recentWindow.Count == recent && trailingWindow.Count >= Math.Max(1, minTrailingWeeks) && trailingMase > 0;
        return new DriftCheck(recentMase, recentWindow.Count, trailingMase, trailingWindow.Count, judged && recentMase > factor * trailingMase);
    }
}
