using Forecast.Core.Demand;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Planner;

/// <summary>
/// A forecast's backtest accuracy in a planner's words: "forecasts for this item were typically off by 12 pcs a week in
/// back-tests, 23% better than repeating the same week last year". The numbers come from <see cref="ForecastAccuracy"/>.
/// </summary>
public static class AccuracyText
{
    public static string Describe(ForecastAccuracy? accuracy, string? unit, DemandGranularity granularity, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (accuracy is null)
            return text["Too little history to back-test the forecasts of this item; treat them as rough."];
        var error = $"{Display.Quantity(accuracy.TypicalError)} {unit ?? text["units"]}".Trim();
        var per = granularity == DemandGranularity.Month ? text["a month"] : text["a week"];
        var relative = Math.Abs(accuracy.ImprovementOverNaive);
        var percent = Display.Percent(relative);
        if (relative < 0.005)
        {
            return accuracy.Naive == NaiveBenchmark.SamePeriodLastYear
                ? text["Forecasts for this item were typically off by {0} {1} in back-tests, about as good as repeating the same period last year.", error, per]
                : text["Forecasts for this item were typically off by {0} {1} in back-tests, about as good as repeating the previous period.", error, per];
        }
        var better = accuracy.ImprovementOverNaive > 0;
        return (accuracy.Naive, better) switch
        {
            (NaiveBenchmark.SamePeriodLastYear, true) => text["Forecasts for this item were typically off by {0} {1} in back-tests, {2} better than repeating the same period last year.", error, per, percent],
            (NaiveBenchmark.SamePeriodLastYear, false) => text["Forecasts for this item were typically off by {0} {1} in back-tests, {2} worse than repeating the same period last year.", error, per, percent],
            (_, true) => text["Forecasts for this item were typically off by {0} {1} in back-tests, {2} better than repeating the previous period.", error, per, percent],
            _ => text["Forecasts for this item were typically off by {0} {1} in back-tests, {2} worse than repeating the previous period.", error, per, percent],
        };
    }

    /// <summary>The demand model in words ("auto[Lumpy](Croston(α=0.1)+SBA(α=0.1))" stays visible as the technical name).</summary>
    public static string DemandClass(string? demandClass, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return demandClass switch
        {
            "Smooth" => text["steady demand"],
            "Erratic" => text["steady but very variable demand"],
            "Intermittent" => text["demand in some weeks only"],
            "Lumpy" => text["occasional, lumpy demand"],
            null or "" => text["unknown"],
            _ => demandClass,
        };
    }
}
