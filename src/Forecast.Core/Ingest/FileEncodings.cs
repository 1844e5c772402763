using System.Buffers;
using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace Forecast.Core.Ingest;

/// <summary>What the first bytes of a file say about its encoding.</summary>
public sealed record EncodingGuess(string Name, int BomLength, bool IsUtf8Compatible, bool IsAscii);

/// <summary>
/// Encodings by the names mappings use, and a sniff of a file's first bytes: old ERPs export Big5 or UTF-16, and a
/// file read with the wrong encoding must be refused with a hint, never imported as mojibake.
/// </summary>
public static class FileEncodings
{
    public const int SampleSize = 64 * 1024;

    static FileEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A strict decoder (invalid bytes throw) for a name such as <c>utf-8</c>, <c>big5</c>, <c>utf-16</c>; null if unknown.</summary>
    public static Encoding? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            name = "utf-8";
        return name.Trim().ToLowerInvariant() switch
        {
            "utf-8" or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            "utf-16" or "utf-16le" or "unicode" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
            var other => TryGet(other),
        };
    }

    private static Encoding? TryGet(string name)
    {
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static bool IsUtf8(Encoding encoding) => encoding.CodePage == Encoding.UTF8.CodePage;

    public static bool IsUtf16(Encoding encoding) => encoding.CodePage is 1200 or 1201;

    /// <summary>Guesses from a sample: a byte-order mark, zero bytes of UTF-16, valid UTF-8, else what UTF.Unknown detects.</summary>
    public static EncodingGuess Sniff(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return new EncodingGuess("UTF-8", 3, true, false);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || sample.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
            return new EncodingGuess("UTF-32", 4, false, false);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return new EncodingGuess("UTF-16", 2, false, false);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return new EncodingGuess("UTF-16BE", 2, false, false);

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if (i % 2 == 0)
                    evenZeros++;
                else
                    oddZeros++;
            }
        }
        // Latin text in UTF-16 has a zero in every other byte; no text encoding but UTF-16/32 has many.
        if (sample.Length >= 4 && oddZeros > sample.Length / 8)
            return new EncodingGuess("UTF-16", 0, false, false);
        if (sample.Length >= 4 && evenZeros > sample.Length / 8)
            return new EncodingGuess("UTF-16BE", 0, false, false);

        if (Ascii.IsValid(sample))
            return new EncodingGuess("ASCII", 0, true, true);
        if (IsValidUtf8(sample, isWholeFile))
            return new EncodingGuess("UTF-8", 0, true, false);

        var detected = CharsetDetector.DetectFromBytes(sample.ToArray()).Detected;
        var name = detected?.EncodingName is { Length: > 0 } n ? Pretty(n) : "a legacy code page (not UTF-8)";
        return new EncodingGuess(name, 0, false, false);
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        var chars = ArrayPool<char>.Shared.Rent(sample.Length);
        try
        {
            // A sample may end in the middle of a character: only the whole file must end cleanly.
            var status = Utf8.ToUtf16(sample, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: isWholeFile);
            return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static string Pretty(string name) => name.ToLowerInvariant() switch
    {
        "big5" or "big-5" => "Big5",
        "gb18030" or "gb2312" or "gbk" => "GB18030",
        "shift_jis" or "shift-jis" => "Shift_JIS",
        "euc-kr" => "EUC-KR",
        "euc-jp" => "EUC-JP",
        "utf-16le" or "utf-16" => "UTF-16",
        "utf-16be" => "UTF-16BE",
        var other => other,
    };

    /// <summary>
    /// Checks a file's first bytes against the encoding the mapping expects. Returns the problem to report, or null
    /// (and how many bytes of byte-order mark to skip).
    /// </summary>
    public static string? Check(Encoding expected, string? mappingEncodingName, EncodingGuess guess, out int skipBytes)
    {
        skipBytes = 0;
        var hint = "set \"encoding\" in the mapping (for the file or the whole mapping) and import again";
        if (IsUtf8(expected))
        {
            if (guess.IsUtf8Compatible)
            {
                skipBytes = guess.BomLength;
                return null;
            }
            return $"this file looks like {guess.Name}, not UTF-8; {hint}";
        }
        if (IsUtf16(expected))
        {
            if (guess.Name is "UTF-16" or "UTF-16BE")
            {
                skipBytes = guess.BomLength;
                return null;
            }
            return $"the mapping says {mappingEncodingName} but this file looks like {guess.Name}; {hint}";
        }
        // A single-byte or double-byte legacy code page (Big5, GB18030, Shift_JIS...): ASCII is a subset of each.
        if (guess.IsAscii || (!guess.IsUtf8Compatible && guess.BomLength == 0 && guess.Name is not ("UTF-16" or "UTF-16BE" or "UTF-32")))
            return null;
        return $"the mapping says {mappingEncodingName} but this file looks like {guess.Name}; {hint}";
    }
}
