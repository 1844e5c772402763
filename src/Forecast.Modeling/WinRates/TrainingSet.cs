using System.Security.Cryptography;

namespace Forecast.Modeling.WinRates;

/// <summary>One training or evaluation row: a deal described as of a day it was still open, and how it ended.</summary>
public sealed record Snapshot(Deal Deal, DealFeatures Features, bool Won);

/// <summary>
/// The classifier's rows, built without leakage: a deal that closed on day D contributes rows described as of
/// days before D (the day it opened and every <see cref="WinProbabilityOptions.SnapshotStepDays"/>-th calendar
/// day while open), never its final stage. Rows of deals that closed before <see cref="CalibrationFrom"/> train
/// the classifier; deals that closed from then on calibrate it, described only as of days from then on, as the
/// model will meet open deals after it is trained.
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(DateOnly asOf, DateOnly calibrationFrom, IReadOnlyList<Snapshot> fit, IReadOnlyList<Snapshot> calibration, FeatureSchema schema, WinCount closed)
    {
        AsOf = asOf;
        CalibrationFrom = calibrationFrom;
        Fit = fit;
        Calibration = calibration;
        Schema = schema;
        Closed = closed;
        FitX = fit.Select(s => schema.Encode(s.Features)).ToArray();
        CalibrationX = calibration.Select(s => schema.Encode(s.Features)).ToArray();
        Fingerprint = ComputeFingerprint();
    }

    public DateOnly AsOf { get; }
    public DateOnly CalibrationFrom { get; }
    public IReadOnlyList<Snapshot> Fit { get; }
    public IReadOnlyList<Snapshot> Calibration { get; }
    public FeatureSchema Schema { get; }
    public IReadOnlyList<float[]> FitX { get; }
    public IReadOnlyList<float[]> CalibrationX { get; }
    /// <summary>All deals closed by <see cref="AsOf"/>.</summary>
    public WinCount Closed { get; }
    /// <summary>The first close day of the training deals.</summary>
    public DateOnly? FirstClose => Fit.Count == 0 ? null : Fit.Min(s => s.Deal.ClosedOn);

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

        var calibrationFrom = CalibrationStart(closed, asOf, options);
        var fitDeals = closed.Where(d => d.ClosedOn < calibrationFrom).ToArray();
        var calibrationDeals = closed.Where(d => d.ClosedOn >= calibrationFrom).ToArray();
        var fit = fitDeals.SelectMany(d => Snapshots(history, d, d.OpenedOn, options.SnapshotStepDays)).ToArray();
        var calibration = calibrationDeals
            .SelectMany(d => Snapshots(history, d, d.OpenedOn > calibrationFrom ? d.OpenedOn : calibrationFrom, options.SnapshotStepDays))
            .OrderBy(s => s.Features.AsOf).ThenBy(s => s.Deal.Id, StringComparer.Ordinal).ToArray();
        if (MinClass(fit) < options.ClassifierMinClosedPerClass / 2 || MinClass(calibration) < 5)
        {
            reason = $"too few won or lost deals on one side of the calibration split at {calibrationFrom:yyyy-MM-dd}";
            return null;
        }
        var schema = FeatureSchema.Fit(fit.Select(s => s.Features).ToArray(), history.ActivityKinds, options.MinCategoryCount);
        reason = null;
        return new TrainingSet(asOf, calibrationFrom, fit, calibration, schema, count);
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
    /// The calibration slice starts one sales quarter (<see cref="WinProbabilityOptions.CalibrationWindowDays"/>)
    /// before <paramref name="asOf"/>, so it spans a whole quarter-end cycle; when that holds less than
    /// <see cref="WinProbabilityOptions.MinCalibrationShare"/> or more than <see cref="WinProbabilityOptions.MaxCalibrationShare"/>
    /// of the deals, it is the last <see cref="WinProbabilityOptions.DefaultCalibrationShare"/> of them instead.
    /// </summary>
    internal static DateOnly CalibrationStart(IReadOnlyList<Deal> closedInOrder, DateOnly asOf, WinProbabilityOptions options)
    {
        var start = asOf.AddDays(-options.CalibrationWindowDays + 1);
        var share = closedInOrder.Count(d => d.ClosedOn >= start) / (double)closedInOrder.Count;
        if (share >= options.MinCalibrationShare && share <= options.MaxCalibrationShare)
            return start;
        var index = (int)Math.Floor(closedInOrder.Count * (1 - options.DefaultCalibrationShare));
        return closedInOrder[Math.Clamp(index, 1, closedInOrder.Count - 1)].ClosedOn!.Value;
    }

    private static int MinClass(IReadOnlyCollection<Snapshot> rows)
    {
        var won = rows.Count(r => r.Won);
        return Math.Min(won, rows.Count - won);
    }

    private string ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Schema.Describe()));
        foreach (var (rows, labels) in new[] { (FitX, Fit), (CalibrationX, Calibration) })
        {
            hash.AppendData(BitConverter.GetBytes(rows.Count));
            for (var i = 0; i < rows.Count; i++)
            {
                var bytes = new byte[(rows[i].Length * sizeof(float)) + 1];
                Buffer.BlockCopy(rows[i], 0, bytes, 0, rows[i].Length * sizeof(float));
                bytes[^1] = labels[i].Won ? (byte)1 : (byte)0;
                hash.AppendData(bytes);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
