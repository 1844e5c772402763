using System.Globalization;
using System.IO.Compression;
using System.Text;
using nietras.SeparatedValues;

namespace Forecast.Benchmarks.Backtest;

/// <summary>One series of the peer harness's long format: its id and the train values in period order.</summary>
internal sealed record InputSeries(string Id, double[] Train, int TestCount);

/// <summary>
/// Reads the long CSV of ../shared/peers/README.md (<c>series_id,t,y[,split]</c>, aliases <c>period_index</c>/<c>value</c>,
/// <c>.gz</c> too) one series at a time, so memory stays flat however many series the file holds. Rows of a series
/// must be contiguous; integer periods with holes get NaN (missing) for the skipped periods.
/// </summary>
internal static class LongCsv
{
    private static readonly string[] Missing = ["", "NA", "NaN", "nan", "null"];

    public static TextReader Open(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>Opens the file as CSV through Sep (quotes, embedded separators and newlines as RFC 4180 has them).</summary>
    private static SepReader OpenCsv(string path)
    {
        var text = Open(path);
        try
        {
            return Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).From(text);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>Counts distinct series ids (a cheap first pass for the progress bar).</summary>
    public static int CountSeries(string path)
    {
        using var reader = OpenCsv(path);
        if (!reader.Header.TryIndexOf("series_id", out var idColumn))
            throw new FormatException($"{path} has no series_id column (header: {string.Join(",", reader.Header.ColNames)}).");
        var count = 0;
        string? last = null;
        foreach (var row in reader)
        {
            var id = row[idColumn].ToString();
            if (id != last)
            {
                count++;
                last = id;
            }
        }
        return count;
    }

    public static IEnumerable<InputSeries> Read(string path)
    {
        using var reader = OpenCsv(path);
        var header = reader.Header.ColNames.ToList();
        int Column(string name, string? alias, bool required)
        {
            var i = header.IndexOf(name);
            if (i < 0 && alias is not null)
                i = header.IndexOf(alias);
            if (i < 0 && required)
                throw new FormatException($"{path} needs a column '{name}'{(alias is null ? "" : $" (or '{alias}')")}; its header is: {string.Join(",", header)}");
            return i;
        }
        var idCol = Column("series_id", null, true);
        var tCol = Column("t", "period_index", true);
        var yCol = Column("y", "value", true);
        var splitCol = Column("split", null, false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var rows = new List<(string T, double Y, bool Test)>();
        while (Next(reader, idCol, tCol, yCol, splitCol) is { } f)
        {
            if (f.Id != current)
            {
                if (current is not null)
                    yield return Build(current, rows);
                if (!seen.Add(f.Id))
                    throw new FormatException($"{path}, line {f.Line}: rows of series '{f.Id}' are not contiguous; sort the file by series_id, then t.");
                current = f.Id;
                rows.Clear();
            }
            var y = Array.IndexOf(Missing, f.Y) >= 0 ? double.NaN : double.Parse(f.Y, NumberStyles.Float, CultureInfo.InvariantCulture);
            rows.Add((f.T, y, f.Split == "test"));
        }
        if (current is not null)
            yield return Build(current, rows);
    }

    // Sep's row is a ref struct, which an iterator cannot hold across a yield: the cells are copied out here.
    private static (string Id, string T, string Y, string Split, int Line)? Next(SepReader reader, int idCol, int tCol, int yCol, int splitCol)
    {
        if (!reader.MoveNext())
            return null;
        var row = reader.Current;
        return (row[idCol].ToString(), row[tCol].ToString(), row[yCol].ToString(), splitCol >= 0 ? row[splitCol].ToString() : "", row.LineNumberFrom);
    }

    private static InputSeries Build(string id, List<(string T, double Y, bool Test)> rows)
    {
        var integer = rows.All(r => long.TryParse(r.T, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var ordered = integer
            ? rows.OrderBy(r => long.Parse(r.T, CultureInfo.InvariantCulture)).ToList()
            : rows.OrderBy(r => r.T, StringComparer.Ordinal).ToList();
        var train = new List<double>(ordered.Count);
        long? previous = null;
        var testCount = 0;
        foreach (var r in ordered)
        {
            if (r.Test)
            {
                testCount++;
                continue;
            }
            if (integer)
            {
                var t = long.Parse(r.T, CultureInfo.InvariantCulture);
                for (var gap = previous is null ? 0 : t - previous.Value - 1; gap > 0; gap--)
                    train.Add(double.NaN);
                previous = t;
            }
            train.Add(r.Y);
        }
        return new InputSeries(id, [.. train], testCount);
    }

    /// <summary>The forecasts file's columns (../shared/peers/README.md), one row per series, method and step.</summary>
    public static readonly string[] OutputHeader = ["series_id", "method", "step", "yhat", "lo80", "hi80", "fit_seconds"];

    /// <summary>A forecasts file through Sep: a new one with its header, or rows appended to one (the global pass).</summary>
    public static SepWriter CreateOutput(string path, bool append) =>
        Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = !append })
            .To(new StreamWriter(path, append, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" });

    public static void WriteRow(SepWriter writer, IReadOnlyList<string> cells)
    {
        using var row = writer.NewRow();
        for (var i = 0; i < OutputHeader.Length; i++)
            row[OutputHeader[i]].Set(cells[i]);
    }
}
