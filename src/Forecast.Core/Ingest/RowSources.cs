using System.IO.Compression;
using System.IO.Enumeration;
using System.Text;
using nietras.SeparatedValues;

namespace Forecast.Core.Ingest;

/// <summary>
/// One source row's cells, copied into a reused buffer so every source (CSV file, pushed JSON) hands rows to the
/// same code without allocating a string per cell.
/// </summary>
public sealed class RowBuffer
{
    private char[] _chars = new char[4096];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private int _used;

    /// <summary>The line in the file where the row starts (1 is the header), or the record's position in a pushed batch.</summary>
    public int Line { get; set; }

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int index] =>
        index < Count ? _chars.AsSpan(_starts[index], _lengths[index]) : [];

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    public void Add(ReadOnlySpan<char> cell)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }
        if (_used + cell.Length > _chars.Length)
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + cell.Length));
        cell.CopyTo(_chars.AsSpan(_used));
        _starts[Count] = _used;
        _lengths[Count] = cell.Length;
        _used += cell.Length;
        Count++;
    }
}

/// <summary>Rows with a header: a CSV file or a pushed batch.</summary>
public abstract class RowSource : IDisposable
{
    /// <summary>The name errors are reported under (a file name, or <c>api</c>).</summary>
    public abstract string Name { get; }

    public abstract IReadOnlyList<string> Header { get; }

    /// <summary>Fills the buffer with the next row; false at the end.</summary>
    public abstract bool Read(RowBuffer row);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>
/// A CSV file read as a stream with Sep (RFC 4180 quotes, quoted newlines, any size), through a gzip stream for
/// <c>.gz</c>, decoded strictly with the encoding the mapping names.
/// </summary>
public sealed class CsvRowSource : RowSource
{
    private readonly Stream _stream;
    private readonly TextReader _text;
    private readonly SepReader _reader;
    private readonly string[] _header;

    private CsvRowSource(string path, Stream stream, TextReader text, SepReader reader)
    {
        Name = Path.GetFileName(path);
        _stream = stream;
        _text = text;
        _reader = reader;
        _header = reader.Header.ColNames.Select(n => n.Trim()).ToArray();
    }

    public override string Name { get; }

    public override IReadOnlyList<string> Header => _header;

    /// <summary>The encoding problem found before reading (the file is not read then), or null.</summary>
    public static CsvRowSource Open(string path, Encoding encoding, string? mappingEncodingName, char delimiter, out string? encodingProblem)
    {
        var guess = Sniff(path);
        encodingProblem = FileEncodings.Check(encoding, mappingEncodingName ?? "utf-8", guess, out var skip);
        if (encodingProblem is not null)
            return null!;
        if (FileEncodings.IsUtf16(encoding) && guess.Name == "UTF-16BE")
            encoding = FileEncodings.Resolve("utf-16be")!;
        var stream = OpenStream(path);
        try
        {
            for (var i = 0; i < skip; i++)
                stream.ReadByte();
            var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            var reader = Sep.New(delimiter).Reader(o => o with
            {
                Unescape = true,
                DisableColCountCheck = true,
                HasHeader = true,
                ColNameComparer = StringComparer.OrdinalIgnoreCase,
            }).From(text);
            return new CsvRowSource(path, stream, text, reader);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static Stream OpenStream(string path)
    {
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static EncodingGuess Sniff(string path)
    {
        using var stream = OpenStream(path);
        var sample = new byte[FileEncodings.SampleSize];
        var read = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        return FileEncodings.Sniff(sample.AsSpan(0, read), isWholeFile: read < sample.Length);
    }

    public override bool Read(RowBuffer row)
    {
        if (!_reader.MoveNext())
            return false;
        var current = _reader.Current;
        row.Clear();
        row.Line = current.LineNumberFrom;
        for (var i = 0; i < current.ColCount; i++)
            row.Add(current[i].Span);
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _text.Dispose();
            _stream.Dispose();
        }
    }
}

/// <summary>Finds the files a mapping names in a folder (or takes one file), and the delimiter characters.</summary>
public static class ImportFiles
{
    public static char? DelimiterChar(string? delimiter) => delimiter switch
    {
        null or "" => ',',
        "tab" or "\\t" or "\t" => '\t',
        { Length: 1 } d => d[0],
        _ => null,
    };

    /// <summary>
    /// Why a path must not be read, or null for a regular file. A symbolic link could point anywhere (<c>/etc/passwd</c>);
    /// a pipe, socket or device would block or never end. .NET does not tell a pipe from an empty file on Unix, and
    /// neither holds a header, so both are refused here.
    /// </summary>
    public static string? NotARegularFile(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
            return "a symbolic link: only regular files are imported; copy the export itself into the folder";
        if (!info.Exists)
            return "not a regular file: only regular files are imported; copy the export itself into the folder";
        if (info.Length == 0)
            return "empty, or not a regular file (a pipe, socket or device): expected a CSV export with a header row";
        return null;
    }

    /// <summary>Whether a file name matches a mapping's pattern, without case; <c>X.csv</c> also matches <c>X.csv.gz</c>.</summary>
    public static bool Matches(string pattern, string fileName)
    {
        var name = fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && !pattern.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? fileName[..^3]
            : fileName;
        return FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: true);
    }
}
