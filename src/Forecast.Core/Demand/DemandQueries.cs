using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Demand;

/// <summary>Demand in one past period (returns netted, never below zero), as the models saw it.</summary>
public sealed record DemandHistoryPoint(DateOnly PeriodStart, double Quantity);

/// <summary>The forecast of one future period: the mean and the 50% (p25–p75) and 80% (p10–p90) intervals.</summary>
/// <summary>One forecast period: the mean, its 80% and 50% bounds, and the part of the mean from open deals (<c>PipelineMean</c>, the CRM pipeline layer).</summary>
public sealed record DemandForecastPoint(DateOnly PeriodStart, int Step, double Mean, double P10, double P25, double P75, double P90, double PipelineMean = 0);

/// <summary>What a naive forecast is: repeating the same period a year ago, or repeating the previous period (short histories).</summary>
public enum NaiveBenchmark
{
    SamePeriodLastYear,
    PreviousPeriod,
}

/// <summary>
/// The backtest accuracy of the forecast served for one product, in the units a planner thinks in. MASE (Hyndman &amp;
/// Koehler 2006) is the backtest's mean absolute error divided by the naive forecast's in-sample mean absolute error, so
/// <see cref="TypicalError"/> = MASE × <see cref="NaiveError"/> is the backtest error in units per period, and
/// 1 − MASE how much smaller it is than the naive forecast's error (negative: larger).
/// </summary>
public sealed record ForecastAccuracy(double Mase, double TypicalError, double NaiveError, NaiveBenchmark Naive)
{
    /// <summary>How much smaller the model's error is than the naive forecast's (0.25 = 25% smaller; negative = larger).</summary>
    public double ImprovementOverNaive => 1 - Mase;
}

/// <summary>One product's demand history, forecast and backtest accuracy from the latest succeeded demand run.</summary>
public sealed record ProductDemandView(
    long ProductId,
    long? RunId,
    DateOnly? AsOf,
    DemandGranularity Granularity,
    string? Model,
    string? DemandClass,
    IReadOnlyList<DemandHistoryPoint> History,
    IReadOnlyList<DemandForecastPoint> Forecast,
    ForecastAccuracy? Accuracy);

/// <summary>Reads the demand stage's output for the planners' pages and the API.</summary>
public sealed class DemandQueries(ForecastDbContext db, IOptions<DemandOptions> options, BusinessCalendar calendar)
{
    /// <summary>
    /// The product's demand view: the last <paramref name="historyPeriods"/> periods of history before the forecast, the
    /// forecast and its backtest accuracy. Without a demand run the history is built as of the last day with data and the rest is empty.
    /// </summary>
    public async Task<ProductDemandView> ProductAsync(long productId, int historyPeriods, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var run = await PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, null).FirstOrDefaultAsync(cancellationToken);
        var asOf = run?.AsOf ?? await calendar.DefaultAsOfAsync(cancellationToken);
        var rows = run is null ? [] : await db.DemandForecasts.AsNoTracking()
            .Where(f => f.PredictionRunId == run.Id && f.ProductId == productId)
            .OrderBy(f => f.Step)
            .ToListAsync(cancellationToken);
        var series = (await DemandSeriesBuilder.BuildAsync(db, [productId], asOf, o, cancellationToken)).SingleOrDefault();

        var history = new List<DemandHistoryPoint>();
        if (series is not null)
        {
            var from = Math.Max(0, series.Quantities.Length - Math.Max(1, historyPeriods));
            for (var i = from; i < series.Quantities.Length; i++)
                history.Add(new DemandHistoryPoint(DemandSeriesBuilder.Next(series.FirstPeriod, o.Granularity, i), series.Quantities[i]));
        }
        var first = rows.FirstOrDefault();
        ForecastAccuracy? accuracy = null;
        if (first?.BacktestMase is { } mase && series is not null)
            accuracy = Accuracy(mase, series.Quantities, o.Granularity);
        return new ProductDemandView(productId, run?.Id, run?.AsOf, o.Granularity, first?.Model, first?.DemandClass, history,
            rows.Select(r => new DemandForecastPoint(r.PeriodStart, r.Step, r.Mean, r.P10, r.P25, r.P75, r.P90, r.PipelineMean)).ToList(), accuracy);
    }

    /// <summary>
    /// Turns a MASE into units: the scale is the in-sample naive error of the very series the model was backtested on
    /// (lag one season when the history is longer than a season, else lag one period, as <see cref="Forecast.Modeling.Evaluation.Accuracy.NaiveMae"/>).
    /// </summary>
    public static ForecastAccuracy? Accuracy(double mase, double[] history, DemandGranularity granularity)
    {
        var m = granularity == DemandGranularity.Month ? 12 : 52;
        var scale = Forecast.Modeling.Evaluation.Accuracy.NaiveMae(history, m);
        if (!double.IsFinite(scale) || !double.IsFinite(mase))
            return null;
        return new ForecastAccuracy(mase, mase * scale, scale, history.Length > m ? NaiveBenchmark.SamePeriodLastYear : NaiveBenchmark.PreviousPeriod);
    }
}
