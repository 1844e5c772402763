using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Forecast.Core.Ingest;

/// <summary>
/// What an import accepts beyond a value's type, section <c>Ingest:Limits</c>. A value outside them rejects the import
/// with the file, line and column: PostgreSQL would store year 1 or 9999 as -infinity/infinity, and a 10 MB name
/// would make every page that shows it 10 MB.
/// </summary>
public sealed class ImportLimits : IValidatableObject
{
    public const string Section = "Ingest:Limits";

    /// <summary>Set by the database schema (<c>source_key varchar(256)</c>, <c>source_system varchar(64)</c>), not configurable.</summary>
    public const int MaxKeyLength = 256;
    public const int MaxSourceSystemLength = 64;

    public static ImportLimits Default { get; } = new();

    /// <summary>The earliest business date accepted (orders, invoices, activities...).</summary>
    public DateOnly MinDate { get; set; } = new(1900, 1, 1);

    /// <summary>The latest business date accepted.</summary>
    public DateOnly MaxDate { get; set; } = new(2199, 12, 31);

    /// <summary>The longest text value accepted (names, emails, codes, subjects), in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 1000;

    public string DateRange => string.Create(CultureInfo.InvariantCulture, $"{MinDate:yyyy-MM-dd}..{MaxDate:yyyy-MM-dd}");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinDate >= MaxDate)
            yield return new ValidationResult($"{Section}: MinDate ({MinDate:yyyy-MM-dd}) must be before MaxDate ({MaxDate:yyyy-MM-dd}).", [nameof(MinDate), nameof(MaxDate)]);
    }
}

/// <summary>Checks of text values that every source shares: control characters, broken UTF-16, length.</summary>
public static class TextChecks
{
    /// <summary>
    /// Why <paramref name="text"/> cannot be stored, or null. Control characters are refused (a NUL cannot even be stored
    /// in PostgreSQL text; a CR/LF in a name breaks mail headers and CSV exports); free text may hold tab and line breaks.
    /// </summary>
    public static string? Problem(ReadOnlySpan<char> text, int maxLength, bool freeText = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return string.Create(CultureInfo.InvariantCulture, $"an unpaired surrogate (U+{(int)c:X4}) at character {i + 1}: the text is not valid Unicode; export it again as UTF-8");
            if (char.IsControl(c) && !(freeText && c is '\t' or '\n' or '\r'))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"a control character (U+{(int)c:X4}) at character {i + 1}; {(freeText ? "only tab and line breaks are allowed in free text" : "names, codes and keys cannot hold control characters (tab, line breaks, NUL...)")}: remove it at the source");
            }
        }
        if (text.Length > maxLength)
            return string.Create(CultureInfo.InvariantCulture, $"{text.Length:N0} characters; at most {maxLength:N0} are accepted");
        return null;
    }

    /// <summary>Text safe to show and to store as JSON: control characters as <c>\uXXXX</c>, broken surrogates as U+FFFD.</summary>
    public static string Printable(string text)
    {
        var clean = true;
        foreach (var c in text)
            clean &= !char.IsControl(c) && !char.IsSurrogate(c);
        if (clean)
            return text;
        var builder = new System.Text.StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsSurrogate(c))
                builder.Append('\uFFFD');
            else if (char.IsControl(c))
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                builder.Append(c);
        }
        return builder.ToString();
    }
}
