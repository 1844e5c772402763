using System.Diagnostics;
using Forecast.Modeling.Lifetimes;
using Forecast.Modeling.Reorder;

namespace Forecast.Benchmarks;

/// <summary>The reorder benchmark proper: fit at the cutoff, call every pair, score against the holdout window.</summary>
internal static class ReorderBenchmarkRun
{
    public sealed record MethodResult(string Method, string Description, ReorderScore Score, ReorderScore TopK, IReadOnlyList<SegmentScore> ByOrderCount, double Seconds);

    public sealed record SegmentScore(string Orders, ReorderScore Score);

    public sealed record ReliabilityBin(double From, double To, int Pairs, double MeanProbability, double ObservedRate);

    public sealed record SplitResult(
        string CalibrationEnd,
        string HoldoutEnd,
        int HoldoutDays,
        int TopK,
        int Pairs,
        int PairsWithOneOrder,
        int Reordered,
        double Threshold,
        IReadOnlyList<MethodResult> Methods,
        IReadOnlyList<ReliabilityBin> Reliability,
        ReorderModelParameters ModelSummary);

    private static readonly (string Label, int Min, int Max)[] Segments = [("1", 1, 1), ("2", 2, 2), ("3-4", 3, 4), ("5-9", 5, 9), ("10+", 10, int.MaxValue)];

    public static SplitResult Evaluate(IReadOnlyList<ReorderBenchmarkData.PairDay> days, DateOnly calibrationEnd, DateOnly holdoutEnd, double threshold, Action<string> progress)
    {
        var cutoff = calibrationEnd.DayNumber;
        var horizon = holdoutEnd.DayNumber - cutoff;
        var (pairs, firstAfter) = ReorderBenchmarkData.Split(days, cutoff, holdoutEnd.DayNumber);
        // K for the equal-K comparison, known at the cutoff: how many pairs reordered in the preceding window of the same length.
        var topK = ReorderBenchmarkData.Split(days, cutoff - horizon, cutoff).FirstAfter.Count;
        int? Actual(PairHistory p) => firstAfter.TryGetValue((p.Customer, p.Product), out var d) ? d : null;
        var customers = OrderActivity.ByCustomer(pairs);
        var methods = new List<MethodResult>();
        ReorderModelParameters? main = null;
        List<(double P, bool Y)>? mainCalls = null;

        var variants = new (string Name, string Description, ReorderModelOptions Options)[]
        {
            ("reorder-model", "hierarchical log-t renewal + pooled pair dropout + customer and product MBG/NBD P(alive)", new ReorderModelOptions()),
            ("no-pooling", "ablation: one global gap/quantity prior (no product or customer effects)", new ReorderModelOptions { PoolByProductAndCustomer = false }),
            ("no-pair-dropout", "ablation: without the pair-level dropout", new ReorderModelOptions { UsePairDropout = false }),
            ("no-customer-activity", "ablation: without the customer's P(alive)", new ReorderModelOptions { UseCustomerActivity = false }),
            ("no-product-activity", "ablation: without the product's P(alive)", new ReorderModelOptions { UseProductActivity = false }),
            ("bg-nbd-activity", "ablation: BG/NBD instead of MBG/NBD for P(alive)", new ReorderModelOptions { ActivityModel = BgNbdVariant.BgNbd }),
            ("no-calibration", "ablation: without the rolling-origin calibration of the gap predictive", new ReorderModelOptions { CalibrationWindowDays = 0 }),
            ("inclusive-days", "ablation: interval ends on the day holding the quantile (the whole day inside)", new ReorderModelOptions { IntervalEndsOnNearestDayEdge = false }),
        };
        foreach (var (name, description, options) in variants)
        {
            progress($"{calibrationEnd:yyyy-MM-dd}: fitting {name} on {pairs.Count:N0} pairs");
            var watch = Stopwatch.StartNew();
            var model = ReorderModel.Fit(pairs, cutoff, options);
            var calls = pairs.Select(p => (ReorderCall?)ReorderCall.From(model.Predict(p, horizon, customers[p.Customer]))).ToArray();
            watch.Stop();
            methods.Add(Score(name, description, pairs, calls, Actual, threshold, topK, watch.Elapsed.TotalSeconds));
            if (main is null)
            {
                main = model.Parameters;
                mainCalls = pairs.Select((p, i) => (calls[i]!.Value.Probability, Actual(p).HasValue)).ToList();
            }
        }

        foreach (var (kind, name, description) in new[]
                 {
                     (IntervalBaselineKind.LastInterval, "last-interval", "baseline: last gap repeated, empirical ratio intervals"),
                     (IntervalBaselineKind.MeanInterval, "mean-interval", "baseline: mean gap repeated, empirical ratio intervals"),
                 })
        {
            progress($"{calibrationEnd:yyyy-MM-dd}: {name} baseline");
            var watch = Stopwatch.StartNew();
            var baseline = IntervalBaseline.Fit(pairs, cutoff, kind);
            var calls = pairs.Select(p => baseline.Predict(p, horizon)).ToArray();
            watch.Stop();
            methods.Add(Score(name, description, pairs, calls, Actual, threshold, topK, watch.Elapsed.TotalSeconds));
        }

        var reliability = Enumerable.Range(0, 10).Select(b =>
        {
            var from = b / 10.0;
            var to = (b + 1) / 10.0;
            var bin = mainCalls!.Where(c => c.P >= from && (c.P < to || (b == 9 && c.P <= 1))).ToArray();
            return new ReliabilityBin(from, to, bin.Length, bin.Length == 0 ? double.NaN : bin.Average(c => c.P), bin.Length == 0 ? double.NaN : bin.Average(c => c.Y ? 1.0 : 0.0));
        }).ToArray();

        return new SplitResult(calibrationEnd.ToString("yyyy-MM-dd"), holdoutEnd.ToString("yyyy-MM-dd"), horizon, topK, pairs.Count,
            pairs.Count(p => p.OrderCount == 1), firstAfter.Count, threshold, methods, reliability,
            // The effects dictionaries are thousands of numbers; the summary keeps the hyperparameters.
            main! with
            {
                Products = new Dictionary<long, OrderActivity>(),
                Dropout = main.Dropout is null ? null : main.Dropout with { ProductEffects = new Dictionary<long, EffectEstimate>(), CustomerEffects = new Dictionary<long, EffectEstimate>() },
                Gaps = main.Gaps with { ProductEffects = new Dictionary<long, EffectEstimate>(), CustomerEffects = new Dictionary<long, EffectEstimate>() },
                Quantities = main.Quantities with { ProductEffects = new Dictionary<long, EffectEstimate>(), CustomerEffects = new Dictionary<long, EffectEstimate>() },
            });
    }

    private static MethodResult Score(string name, string description, List<PairHistory> pairs, ReorderCall?[] calls, Func<PairHistory, int?> actual, double threshold, int topK, double seconds)
    {
        var all = ReorderScore.Compute(pairs.Select((p, i) => (calls[i], actual(p))), threshold);
        var ranked = ReorderScore.ComputeTopK(pairs.Select((p, i) => (calls[i], actual(p))), topK);
        var segments = Segments.Select(s => new SegmentScore(s.Label, ReorderScore.Compute(
            pairs.Select((p, i) => (p, i)).Where(t => t.p.OrderCount >= s.Min && t.p.OrderCount <= s.Max).Select(t => (calls[t.i], actual(t.p))),
            threshold))).ToArray();
        return new MethodResult(name, description, all, ranked, segments, seconds);
    }

    public sealed record CdnowResult(string Variant, BgNbdParameters Parameters, double LogLikelihood, OptimizationReport Report,
        double ExpectedForHardieCustomer, double ExpectedHoldoutTotal, int ActualHoldoutTotal, IReadOnlyList<CdnowRow> ByFrequency, double Seconds);

    public sealed record CdnowRow(string Frequency, int Customers, double ActualMean, double ExpectedMean);

    public static CdnowResult EvaluateCdnow(RepeatPurchaseSummary[] customers, int[] holdout, BgNbdVariant variant)
    {
        var watch = Stopwatch.StartNew();
        var fit = BgNbdFitter.Fit(customers, variant);
        watch.Stop();
        var expected = customers.Select(c => fit.ConditionalExpectedPurchases(c, 39)).ToArray();
        var rows = Enumerable.Range(0, 8).Select(x =>
        {
            var idx = Enumerable.Range(0, customers.Length).Where(i => x < 7 ? customers[i].Frequency == x : customers[i].Frequency >= 7).ToArray();
            return new CdnowRow(x < 7 ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : "7+", idx.Length, idx.Average(i => holdout[i]), idx.Average(i => expected[i]));
        }).ToArray();
        return new CdnowResult(variant.ToString(), fit.Parameters, fit.LogLikelihood, fit.Report,
            fit.ConditionalExpectedPurchases(new RepeatPurchaseSummary(2, 30.43, 38.86), 39), expected.Sum(), holdout.Sum(), rows, watch.Elapsed.TotalSeconds);
    }
}
