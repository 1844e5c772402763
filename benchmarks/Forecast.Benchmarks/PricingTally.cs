using Forecast.Modeling.Pricing;

namespace Forecast.Benchmarks;

/// <summary>
/// The held-out scoring both pricing backtests share (synthetic books and the demo world): per quote line, expected margin
/// under the truth at the quoted, suggested and best price, the model's own view of both, and the calibration of
/// P(win | quoted price) against the outcome.
/// </summary>
internal sealed class PricingTally
{
    private double _quotedTrue, _suggestedTrue, _oracleTrue, _quotedModel, _suggestedModel;
    private double _observed, _predicted, _trueAtSuggested, _trueAtQuoted, _brier, _baseline, _atFloor;
    private readonly (int N, double P, double O)[] _bins = new (int, double, double)[5];

    public int Count { get; private set; }

    public double MeanTrueWinAtQuoted => _trueAtQuoted / Count;

    /// <summary>Scores one held-out line; returns its true expected margins at the quoted, suggested and best price.</summary>
    public (double Quoted, double Suggested, double Best) Add(
        PriceSuggestion suggestion, PriceQuestion question, double quotedPrice, Func<double, double> trueWin, bool won, double trainRate)
    {
        var trueCurve = PriceOptimizer.Curve(suggestion.Curve.Select(c => c.Price).ToList(), question, trueWin);
        var best = trueCurve[PriceOptimizer.ArgMax(trueCurve)].ExpectedMargin;
        var quoted = PriceOptimizer.Point(quotedPrice, question, trueWin).ExpectedMargin;
        var suggested = PriceOptimizer.Point(suggestion.Price, question, trueWin).ExpectedMargin;
        _oracleTrue += best;
        _quotedTrue += quoted;
        _suggestedTrue += suggested;
        _quotedModel += suggestion.Quoted!.ExpectedMargin;
        _suggestedModel += suggestion.ExpectedMargin;
        _trueAtSuggested += trueWin(suggestion.Price);
        _trueAtQuoted += trueWin(quotedPrice);
        _atFloor += suggestion.FloorBinds ? 1 : 0;
        var p = suggestion.Quoted.WinProbability;
        var y = won ? 1.0 : 0.0;
        _observed += y;
        _predicted += p;
        _brier += (p - y) * (p - y);
        _baseline += (trainRate - y) * (trainRate - y);
        var bin = Math.Min(4, (int)(p * 5));
        _bins[bin] = (_bins[bin].N + 1, _bins[bin].P + p, _bins[bin].O + y);
        Count++;
        return (quoted, suggested, best);
    }

    public PricingBenchmarkCommand.TruthResult Result(string name, int books, int trainQuotes)
    {
        var n = Count;
        return new PricingBenchmarkCommand.TruthResult(name, books, trainQuotes, n,
            _quotedTrue / n, _suggestedTrue / n, _oracleTrue / n, _quotedModel / n, _suggestedModel / n,
            _observed / n, _predicted / n, _trueAtSuggested / n, _brier / n, _baseline / n, _atFloor / n,
            _bins.Select((b, i) => new PricingBenchmarkCommand.CalibrationBin(i / 5.0, (i + 1) / 5.0, b.N, b.N == 0 ? double.NaN : b.P / b.N, b.N == 0 ? double.NaN : b.O / b.N))
                .Where(b => b.Quotes > 0).ToList());
    }
}
