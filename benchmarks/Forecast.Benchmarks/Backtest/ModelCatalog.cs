using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Arima;
using Forecast.Modeling.Models.Auto;
using Forecast.Modeling.Models.Ets;
using Forecast.Modeling.Models.Intermittent;
using Forecast.Modeling.Models.Theta;

namespace Forecast.Benchmarks.Backtest;

/// <summary>The models <c>forecast-bench backtest --models</c> knows, by name.</summary>
internal static class ModelCatalog
{
    public static readonly string[] Names = ["auto", "gbm", "ets", "theta", "arima", "naive", "snaive", "rwd", "mean", "window_average", "croston", "sba", "tsb", "adida", "imapa", "ssa"];

    public static IReadOnlyList<IForecastModel> Parse(string list, BacktestSettings settings) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => Create(n, settings))];

    public static IForecastModel Create(string name, BacktestSettings settings) => name switch
    {
        "auto" => new AutoModel
        {
            Horizon = settings.Horizon,
            Windows = settings.Windows,
            IntermittentWindows = settings.IntermittentWindows,
            Step = settings.Step,
            Selection = settings.Selection,
            BestCount = settings.BestCount,
            KeepStructures = settings.KeepStructures,
            NarrowFinalFit = settings.NarrowFinalFit,
            SingleMargin = settings.SingleMargin,
            TrimRatio = settings.TrimRatio,
            SmoothMetric = settings.SmoothMetric,
            IntermittentMetric = settings.IntermittentMetric,
            SmoothCandidates = settings.Wrap(settings.SmoothCandidates is { } sc ? Parse(sc, settings) : AutoModel.DefaultSmooth),
            IntermittentCandidates = settings.Wrap(settings.IntermittentCandidates is { } ic ? Parse(ic, settings) : AutoModel.DefaultIntermittent),
        },
        "ets" => new EtsModel(),
        "theta" => new ThetaModel(),
        "arima" => new AutoArimaModel(),
        "naive" => new NaiveModel(),
        "snaive" => new SeasonalNaiveModel(),
        "rwd" => new RandomWalkWithDriftModel(),
        "mean" => new HistoricAverageModel(),
        "window_average" => new WindowAverageModel(Math.Max(settings.SeasonLength, 3)),
        "croston" => new CrostonModel(),
        "sba" => new CrostonModel(CrostonVariant.Sba),
        "tsb" => new TsbModel(),
        "adida" => new AdidaModel(),
        "imapa" => new ImapaModel(),
        "ssa" => new Forecast.Modeling.Models.Ssa.SsaModel { Horizon = settings.Horizon },
        _ => throw new ArgumentException($"Unknown model '{name}'. Known: {string.Join(", ", Names)}."),
    };
}
