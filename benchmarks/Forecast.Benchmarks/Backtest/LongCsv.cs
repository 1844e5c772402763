using System.Globalization;
using System.IO.Compression;
using System.Text;

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

    /// <summary>Counts distinct series ids (a cheap first pass for the progress bar).</summary>
    public static int CountSeries(string path)
    {
        using var reader = Open(path);
        var header = Split(reader.ReadLine() ?? throw new FormatException($"{path} is empty."));
        var idColumn = Array.IndexOf(header, "series_id");
        if (idColumn < 0)
            throw new FormatException($"{path} has no series_id column (header: {string.Join(",", header)}).");
        var count = 0;
        string? last = null;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
                continue;
            var id = Split(line)[idColumn];
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
        using var reader = Open(path);
        var headerLine = reader.ReadLine() ?? throw new FormatException($"{path} is empty.");
        var header = Split(headerLine);
        int Column(string name, string? alias, bool required)
        {
            var i = Array.IndexOf(header, name);
            if (i < 0 && alias is not null)
                i = Array.IndexOf(header, alias);
            if (i < 0 && required)
                throw new FormatException($"{path} needs a column '{name}'{(alias is null ? "" : $" (or '{alias}')")}; its header is: {headerLine}");
            return i;
        }
        var idCol = Column("series_id", null, true);
        var tCol = Column("t", "period_index", true);
        var yCol = Column("y", "value", true);
        var splitCol = Column("split", null, false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var rows = new List<(string T, double Y, bool Test)>();
        string? line;
        var lineNumber = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var f = Split(line);
            var id = f[idCol];
            if (id != current)
            {
                if (current is not null)
                    yield return Build(current, rows);
                if (!seen.Add(id))
                    throw new FormatException($"{path}, line {lineNumber}: rows of series '{id}' are not contiguous; sort the file by series_id, then t.");
                current = id;
                rows.Clear();
            }
            var ytext = f[yCol];
            var y = Array.IndexOf(Missing, ytext) >= 0 ? double.NaN : double.Parse(ytext, NumberStyles.Float, CultureInfo.InvariantCulture);
            var test = splitCol >= 0 && f[splitCol] == "test";
            rows.Add((f[tCol], y, test));
        }
        if (current is not null)
            yield return Build(current, rows);
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

    /// <summary>Splits one CSV record (RFC 4180 quotes, no embedded newlines).</summary>
    internal static string[] Split(string line)
    {
        if (!line.Contains('"', StringComparison.Ordinal))
            return line.Split(',');
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        fields.Add(sb.ToString());
        return [.. fields];
    }

    public static string Quote(string id) =>
        id.Contains(',', StringComparison.Ordinal) || id.Contains('"', StringComparison.Ordinal)
            ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : id;
}
