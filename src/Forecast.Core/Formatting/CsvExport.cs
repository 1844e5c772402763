using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace Forecast.Core.Formatting;

/// <summary>
/// One CSV file being written, the one way the product writes CSV (Sep, as the import reads it): a header, then rows of
/// already formatted cells; RFC 4180 (CRLF, a cell holding a comma, quote, CR or LF is quoted and its quotes doubled),
/// UTF-8. The exports people open in a spreadsheet carry a byte-order mark so Excel reads Chinese names as such.
/// </summary>
public sealed class CsvExport : IDisposable
{
    private static readonly UTF8Encoding WithMark = new(encoderShouldEmitUTF8Identifier: true);
    private static readonly UTF8Encoding WithoutMark = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string[] _header;
    private readonly StreamWriter _text;
    private readonly SepWriter _writer;

    public CsvExport(Stream stream, IReadOnlyList<string> header, bool byteOrderMark = true, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        _header = [.. header];
        _text = new StreamWriter(stream, byteOrderMark ? WithMark : WithoutMark, 1 << 16, leaveOpen) { NewLine = "\r\n" };
        _writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(_text, leaveOpen: true);
        // Added up front so a file with no rows still has its header.
        _writer.Header.Add(_header);
    }

    /// <summary>Data rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes one row; it must have one cell per header column.</summary>
    public void Row(params IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != _header.Length)
            throw new ArgumentException($"A row of {cells.Count} cells under a header of {_header.Length} columns.", nameof(cells));
        using (var row = _writer.NewRow())
        {
            for (var i = 0; i < _header.Length; i++)
                row[_header[i]].Set(cells[i]);
        }
        Rows++;
    }

    /// <summary>A whole export in memory, with a byte-order mark (what the web app hands to a browser).</summary>
    public static byte[] ToBytes(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var buffer = new MemoryStream();
        using (var csv = new CsvExport(buffer, header, leaveOpen: true))
        {
            foreach (var row in rows)
                csv.Row(row);
        }
        return buffer.ToArray();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _text.Dispose();
    }
}
