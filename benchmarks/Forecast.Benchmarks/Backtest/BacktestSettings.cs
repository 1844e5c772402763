using System.Collections.Concurrent;
using System.Diagnostics;
using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Auto;
using Forecast.Modeling.Series;

namespace Forecast.Benchmarks.Backtest;

/// <summary>What one <c>forecast-bench backtest</c> run was asked for, plus the per-candidate profile it collects.</summary>
internal sealed class BacktestSettings
{
    public int Horizon { get; init; }
    public int SeasonLength { get; init; }
    public int Windows { get; init; } = 3;
    public int IntermittentWindows { get; init; } = 5;
    public int? Step { get; init; }
    public SelectionMode Selection { get; init; } = SelectionMode.SingleOrCombination;
    public int BestCount { get; init; } = 3;
    public int KeepStructures { get; init; } = 3;
    public bool NarrowFinalFit { get; init; } = true;
    public double SingleMargin { get; init; }
    public double TrimRatio { get; init; } = 0.25;
    public bool Profile { get; init; }
    public string? SmoothCandidates { get; init; }
    public string? IntermittentCandidates { get; init; }
    public CvMetric SmoothMetric { get; init; } = CvMetric.Mae;
    public CvMetric IntermittentMetric { get; init; } = CvMetric.Mae;

    /// <summary>Seconds spent fitting each auto candidate (CV fits and the final fit), when profiling.</summary>
    public ConcurrentDictionary<string, long> CandidateTicks { get; } = new();

    public IReadOnlyList<IForecastModel> Wrap(IReadOnlyList<IForecastModel> models) =>
        Profile ? [.. models.Select(m => (IForecastModel)new TimedModel(m, CandidateTicks))] : models;

    private sealed record TimedModel(IForecastModel Inner, ConcurrentDictionary<string, long> Ticks) : IForecastModel, IStructureSearch
    {
        public string Name => Inner.Name;

        public IForecastModel Narrow(IFittedModel earlierFit, int keep) =>
            Inner is IStructureSearch search ? this with { Inner = search.Narrow(earlierFit, keep) } : this;

        public bool NarrowedSearchServesFinalFit => Inner is IStructureSearch { NarrowedSearchServesFinalFit: true };

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
