using System.Security.Cryptography;

namespace Forecast.Modeling.WinRates;

/// <summary>One training or evaluation row: a deal described as of a day it was still open, and how it ended.</summary>
public sealed record Snapshot(Deal Deal, DealFeatures Features, bool Won);

/// <summary>
/// A forward-chaining fold: a model trained on the deals closed before <see cref="From"/> (<see cref="TrainRows"/>)
/// scores each deal that closed in [<see cref="From"/>, <see cref="Until"/>) once, described as of the day before
/// <see cref="From"/> (or the day it opened, if later): the pipeline as it stood when the period began.
/// </summary>
public sealed record CalibrationFold(DateOnly From, DateOnly Until, int[] TrainRows, IReadOnlyList<Snapshot> ScoreRows, IReadOnlyList<float[]> ScoreX);

/// <summary>
/// The classifier's rows, built without leakage: a deal that closed on day D contributes rows described as of
/// days before D (the day it opened and every <see cref="WinProbabilityOptions.SnapshotStepDays"/>-th calendar
/// day while open), never its final stage. For calibration, forward-chaining folds (Tashman, "Out-of-sample
/// tests of forecasting accuracy", IJF 16, 2000) over the last complete calendar quarters: for each quarter a
/// model trained only on deals closed before it scores the deals that closed within it, as they stood when the
/// quarter began. Whole quarters, because win rates swing with the quarter-end push; several, so the
/// calibrator sees more than one cycle; per deal, because recent snapshot rows are censored (only the deals
/// that already closed are there, and fast closers are more often lost).
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(DateOnly asOf, IReadOnlyList<Snapshot> rows, IReadOnlyList<CalibrationFold> folds, FeatureSchema schema, WinCount closed)
    {
        AsOf = asOf;
        Rows = rows;
        Folds = folds;
        Schema = schema;
        Closed = closed;
        X = rows.AsParallel().AsOrdered().Select(s => schema.Encode(s.Features)).ToArray();
        Fingerprint = ComputeFingerprint();
    }

    public DateOnly AsOf { get; }
    /// <summary>Every row, in the order of the day it describes.</summary>
    public IReadOnlyList<Snapshot> Rows { get; }
    public IReadOnlyList<float[]> X { get; }
    public IReadOnlyList<CalibrationFold> Folds { get; }
    public FeatureSchema Schema { get; }
    /// <summary>All deals closed by <see cref="AsOf"/>.</summary>
    public WinCount Closed { get; }
    /// <summary>The first close day of the training deals.</summary>
    public DateOnly? FirstClose => Rows.Count == 0 ? null : Rows.Min(s => s.Deal.ClosedOn);

    /// <summary>Rows paired with their labels.</summary>
    public IReadOnlyList<(float[] X, bool Won)> Labelled(IEnumerable<int>? indices = null) =>
        (indices ?? Enumerable.Range(0, Rows.Count)).Select(i => (X[i], Rows[i].Won)).ToArray();

    /// <summary>SHA-256 of the encoded rows and labels: equal fingerprints train equal models (same code, same seed).</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Builds the rows from the deals closed by the end of <paramref name="asOf"/>, or returns null (with the
    /// reason) when there are too few of either outcome to train and calibrate a classifier.
    /// </summary>
    public static TrainingSet? Build(DealHistory history, DateOnly asOf, WinProbabilityOptions options, out string? reason)
    {
        var closed = history.ClosedBy(asOf).OrderBy(d => d.ClosedOn).ThenBy(d => d.Id, StringComparer.Ordinal).ToArray();
        var count = new WinCount(closed.Count(d => d.Outcome == DealOutcome.Won), closed.Length);
        if (Math.Min(count.Won, count.Lost) < options.ClassifierMinClosedPerClass)
        {
            reason = $"{count.Won} won and {count.Lost} lost deals; the classifier needs {options.ClassifierMinClosedPerClass} of each";
            return null;
        }

        // Describing a deal only reads the history, so deals are described on every core; AsOrdered keeps the rows
        // in the order one thread gives, and the stable sort then puts them where they always were.
        var rows = closed.AsParallel().AsOrdered().SelectMany(d => Snapshots(history, d, d.OpenedOn, options.SnapshotStepDays).ToArray())
            .ToArray()
            .OrderBy(s => s.Features.AsOf).ThenBy(s => s.Deal.Id, StringComparer.Ordinal).ToArray();
        var schema = FeatureSchema.Fit(rows.Select(s => s.Features).ToArray(), history.ActivityKinds, options.MinCategoryCount);
        var folds = CutFolds(history, closed, rows, schema, asOf, options);
        if (folds.Count == 0)
        {
            reason = "too few won and lost deals to calibrate out of time";
            return null;
        }
        reason = null;
        return new TrainingSet(asOf, rows, folds, schema, count);
    }

    /// <summary>
    /// A deal's rows from <paramref name="from"/> until the day before it closed: the first day, then every
    /// calendar day on the shared grid (every <paramref name="stepDays"/> days from 2000-01-03), so that deals
    /// open longer weigh more, as they do in a pipeline scored every night.
    /// </summary>
    public static IEnumerable<Snapshot> Snapshots(DealHistory history, Deal deal, DateOnly from, int stepDays)
    {
        var last = deal.ClosedOn!.Value.AddDays(-1);
        if (from > last)
            yield break;
        var won = deal.Outcome == DealOutcome.Won;
        yield return new Snapshot(deal, history.FeaturesAsOf(deal, from), won);
        var epoch = new DateOnly(2000, 1, 3).DayNumber;
        var offset = (from.DayNumber - epoch) % stepDays;
        var next = from.AddDays(offset == 0 ? stepDays : stepDays - offset);
        for (var day = next; day <= last; day = day.AddDays(stepDays))
            yield return new Snapshot(deal, history.FeaturesAsOf(deal, day), won);
    }

    /// <summary>
    /// The last <see cref="WinProbabilityOptions.CalibrationFolds"/> complete calendar quarters that have enough
    /// won and lost deals on both sides; without any, one fold over the last quarter of the closed deals.
    /// </summary>
    private static List<CalibrationFold> CutFolds(DealHistory history, IReadOnlyList<Deal> closedInOrder, IReadOnlyList<Snapshot> rows, FeatureSchema schema, DateOnly asOf, WinProbabilityOptions options)
    {
        CalibrationFold? Fold(DateOnly from, DateOnly until)
        {
            var train = Enumerable.Range(0, rows.Count).Where(r => rows[r].Deal.ClosedOn < from).ToArray();
            var score = closedInOrder.Where(d => d.ClosedOn >= from && d.ClosedOn < until)
                .Select(d => (Deal: d, Day: d.OpenedOn >= from ? d.OpenedOn : from.AddDays(-1)))
                .Where(x => x.Day < x.Deal.ClosedOn)
                .Select(x => new Snapshot(x.Deal, history.FeaturesAsOf(x.Deal, x.Day), x.Deal.Outcome == DealOutcome.Won))
                .ToArray();
            if (MinClass(train.Select(r => rows[r])) < options.ClassifierMinClosedPerClass / 2 || MinClass(score) < 5)
                return null;
            return new CalibrationFold(from, until, train, score, score.Select(r => schema.Encode(r.Features)).ToArray());
        }

        var folds = new List<CalibrationFold>();
        var first = closedInOrder[0].ClosedOn!.Value;
        var quarterEnd = QuarterStart(asOf.AddDays(1));
        while (folds.Count < Math.Max(1, options.CalibrationFolds) && quarterEnd > first)
        {
            var quarterStart = quarterEnd.AddMonths(-3);
            if (Fold(quarterStart, quarterEnd) is { } fold)
                folds.Insert(0, fold);
            quarterEnd = quarterStart;
        }
        if (folds.Count == 0)
        {
            var from = closedInOrder[Math.Clamp((int)(closedInOrder.Count * 0.75), 1, closedInOrder.Count - 1)].ClosedOn!.Value;
            if (Fold(from, asOf.AddDays(1)) is { } fallback)
                folds.Add(fallback);
        }
        return folds;
    }

    /// <summary>The first day of the calendar quarter holding <paramref name="day"/>.</summary>
    internal static DateOnly QuarterStart(DateOnly day) => new(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1);

    private static int MinClass(IEnumerable<Snapshot> rows)
    {
        int won = 0, lost = 0;
        foreach (var r in rows)
        {
            if (r.Won)
                won++;
            else
                lost++;
        }
        return Math.Min(won, lost);
    }

    private string ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Schema.Describe()));
        foreach (var fold in Folds)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{fold.From:O}/{fold.Until:O}/{fold.TrainRows.Length}/{fold.ScoreRows.Count};"));
            foreach (var row in fold.ScoreRows)
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{row.Deal.Id}@{row.Features.AsOf:O}:{row.Won};"));
        }
        for (var i = 0; i < X.Count; i++)
        {
            var bytes = new byte[(X[i].Length * sizeof(float)) + 1];
            Buffer.BlockCopy(X[i], 0, bytes, 0, X[i].Length * sizeof(float));
            bytes[^1] = Rows[i].Won ? (byte)1 : (byte)0;
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
