using System.Collections.Concurrent;
using System.Diagnostics;
using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Auto;
using Forecast.Modeling.Series;

namespace Forecast.Cli.Backtest;

/// <summary>What one <c>forecast backtest</c> run was asked for, plus the per-candidate profile it collects.</summary>
internal sealed class BacktestSettings
{
    public int Horizon { get; init; }
    public int SeasonLength { get; init; }
    public int Windows { get; init; } = 3;
    public int? Step { get; init; }
    public SelectionMode Selection { get; init; } = SelectionMode.MeanOfBest;
    public int BestCount { get; init; } = 2;
    public bool Profile { get; init; }
    public string? SmoothCandidates { get; init; }
    public string? IntermittentCandidates { get; init; }

    /// <summary>Seconds spent fitting each auto candidate (CV fits and the final fit), when profiling.</summary>
    public ConcurrentDictionary<string, long> CandidateTicks { get; } = new();

    public IReadOnlyList<IForecastModel> Wrap(IReadOnlyList<IForecastModel> models) =>
        Profile ? [.. models.Select(m => (IForecastModel)new TimedModel(m, CandidateTicks))] : models;

    private sealed record TimedModel(IForecastModel Inner, ConcurrentDictionary<string, long> Ticks) : IForecastModel, ICrossValidationProxy
    {
        public string Name => Inner.Name;

        public IForecastModel ForWindows(IFittedModel fullFit) =>
            Inner is ICrossValidationProxy proxy ? this with { Inner = proxy.ForWindows(fullFit) } : this;

        public IFittedModel Fit(RegularSeries series)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                return Inner.Fit(series);
            }
            finally
            {
                var elapsed = Stopwatch.GetTimestamp() - start;
                Ticks.AddOrUpdate(Inner.Name, elapsed, (_, v) => v + elapsed);
            }
        }
    }
}
