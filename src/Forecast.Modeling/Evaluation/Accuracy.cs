namespace Forecast.Modeling.Evaluation;

/// <summary>
/// Point-forecast accuracy measures of Hyndman &amp; Koehler (2006), "Another look at measures of forecast accuracy",
/// <i>IJF</i> 22(4), 679–688, computed as the peer harness's <c>score.py</c> does: MASE and RMSSE are scaled by the
/// in-sample lag-m naive errors of the training part (lag 1 when it has ≤ m points); sMAPE counts 0/0 as 0.
/// </summary>
public static class Accuracy
{
    /// <summary>Mean absolute error of the lag-m naive forecast in-sample (the MASE scale); NaN if undefined.</summary>
    public static double NaiveMae(ReadOnlySpan<double> train, int m)
    {
        var lag = train.Length > m ? m : 1;
        double s = 0;
        var n = 0;
        for (var t = lag; t < train.Length; t++)
        {
            var d = train[t] - train[t - lag];
            if (!double.IsFinite(d))
                continue;
            s += Math.Abs(d);
            n++;
        }
        return n > 0 ? s / n : double.NaN;
    }

    /// <summary>Mean squared error of the lag-m naive forecast in-sample (the RMSSE scale).</summary>
    public static double NaiveMse(ReadOnlySpan<double> train, int m)
    {
        var lag = train.Length > m ? m : 1;
        double s = 0;
        var n = 0;
        for (var t = lag; t < train.Length; t++)
        {
            var d = train[t] - train[t - lag];
            if (!double.IsFinite(d))
                continue;
            s += d * d;
            n++;
        }
        return n > 0 ? s / n : double.NaN;
    }

    /// <summary>Mean absolute scaled error.</summary>
    public static double Mase(ReadOnlySpan<double> train, ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, int m) =>
        Mae(actual, forecast) / NaiveMae(train, m);

    /// <summary>Root mean squared scaled error.</summary>
    public static double Rmsse(ReadOnlySpan<double> train, ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, int m) =>
        Math.Sqrt(Mse(actual, forecast) / NaiveMse(train, m));

    /// <summary>Mean absolute error over the finite pairs.</summary>
    public static double Mae(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        double s = 0;
        var n = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var e = actual[i] - forecast[i];
            if (!double.IsFinite(e))
                continue;
            s += Math.Abs(e);
            n++;
        }
        return n > 0 ? s / n : double.NaN;
    }

    /// <summary>Mean squared error over the finite pairs.</summary>
    public static double Mse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        double s = 0;
        var n = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var e = actual[i] - forecast[i];
            if (!double.IsFinite(e))
                continue;
            s += e * e;
            n++;
        }
        return n > 0 ? s / n : double.NaN;
    }

    /// <summary>Symmetric MAPE in percent, 200|y − f|/(|y| + |f|), with 0/0 counted as 0.</summary>
    public static double Smape(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        double s = 0;
        var n = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (!double.IsFinite(actual[i]) || !double.IsFinite(forecast[i]))
                continue;
            var d = Math.Abs(actual[i]) + Math.Abs(forecast[i]);
            s += d > 0 ? 200 * Math.Abs(actual[i] - forecast[i]) / d : 0;
            n++;
        }
        return n > 0 ? s / n : double.NaN;
    }
}
