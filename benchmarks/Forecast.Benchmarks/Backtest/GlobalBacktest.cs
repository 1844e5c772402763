using System.Diagnostics;
using System.Globalization;
using Forecast.Modeling.Models.Global;
using Forecast.Modeling.Series;

namespace Forecast.Benchmarks.Backtest;

/// <summary>The <c>gbm</c> pass of <c>forecast-bench backtest</c>: loads every series, trains one global LightGBM model, appends its forecasts.</summary>
internal static class GlobalBacktest
{
    public static int Run(string input, string output, BacktestSettings settings, string prefix, int? maxSeries)
    {
        var watch = Stopwatch.StartNew();
        var series = new List<(string Id, GlobalSeries Series)>();
        foreach (var s in LongCsv.Read(input))
        {
            if (maxSeries is { } max && series.Count >= max)
                break;
            try
            {
                series.Add((s.Id, new GlobalSeries(new RegularSeries(s.Train, settings.SeasonLength, s.Id))));
            }
            catch (ArgumentException)
            {
                // No observation at all: nothing to learn from; the row stays missing in the output (score.py counts it as failed).
            }
        }
        var m = settings.SeasonLength;
        var model = new GlobalGbmModel
        {
            Lags = Math.Max(m > 1 ? m : 6, 6),
            RollingWindows = m > 1 ? [3, m] : [3, 6],
        };
        var forecasts = model.Fit([.. series.Select(s => s.Series)]).Predict(settings.Horizon, [80]);
        var seconds = (watch.Elapsed.TotalSeconds / Math.Max(1, series.Count)).ToString("F5", CultureInfo.InvariantCulture);
        using var writer = LongCsv.CreateOutput(output, append: true);
        for (var i = 0; i < series.Count; i++)
        {
            var f = forecasts[i];
            for (var k = 0; k < settings.Horizon; k++)
            {
                LongCsv.WriteRow(writer, [series[i].Id, prefix + "gbm", (k + 1).ToString(CultureInfo.InvariantCulture), BacktestCommand.Format(f.Mean[k]),
                    BacktestCommand.Format(f.Intervals[0].Lower[k]), BacktestCommand.Format(f.Intervals[0].Upper[k]), seconds]);
            }
        }
        return series.Count;
    }
}
