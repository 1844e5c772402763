using System.Globalization;
using System.Text.RegularExpressions;

namespace Forecast.Core.Ingest;

/// <summary>A parsed cell: one of the typed slots is set, by the field's type.</summary>
public struct FieldValue
{
    public bool IsNull;
    public string? Text;
    public int Integer;
    public decimal Decimal;
    public DateOnly Date;
    public bool Boolean;
    /// <summary>For <see cref="FieldType.TextList"/>: the values, possibly none.</summary>
    public string[]? List;

    public static FieldValue Null => new() { IsNull = true };

    public readonly override string ToString() => IsNull ? "" : Text ?? "(value)";
}

/// <summary>
/// Turns one source cell into one typed value for one field, as the mapping says: code lists first, then the
/// type's own parsing (date formats and the ROC calendar, decimal commas, booleans, enum names). Cells are
/// never evaluated: a text cell such as <c>=cmd|' /C calc'!A0</c> is kept as the characters it is.
/// </summary>
public sealed class ValueParser
{
    private static readonly string[] DefaultDateFormats = ["yyyy-MM-dd"];
    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["false"] = false, ["t"] = true, ["f"] = false, ["y"] = true, ["n"] = false,
        ["yes"] = true, ["no"] = false, ["1"] = true, ["0"] = false,
    };
    private static readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> BooleanLookup = Booleans.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A mapping regex gets this long per cell; the regexes are non-backtracking, so only a huge cell reaches it.</summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly FieldType _type;
    private readonly TargetField _field;
    private readonly ImportLimits _limits;
    private readonly decimal _maxDecimal;
    private readonly bool _trim;
    private readonly NumberStyles _numberStyles;
    private readonly IFormatProvider _numbers;
    private readonly string[] _dateFormats;
    private readonly Regex? _rocPattern;
    private readonly Regex? _matches;
    private readonly Dictionary<string, string>? _codes;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _codeLookup;
    private readonly Dictionary<string, string>? _enumNames;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _enumLookup;

    private ValueParser(TargetField field, FieldMapping? mapping, string? fileCulture, ImportLimits limits, bool forOurValues)
    {
        _type = field.Type;
        _field = field;
        _limits = limits;
        _maxDecimal = MaxDecimal(field.SqlType);
        _trim = mapping?.Trim ?? true;
        var culture = TryCulture(mapping?.Culture ?? fileCulture) ?? CultureInfo.InvariantCulture;
        var numbers = (NumberFormatInfo)culture.NumberFormat.Clone();
        if (mapping?.DecimalComma == true)
        {
            numbers.NumberDecimalSeparator = ",";
            numbers.NumberGroupSeparator = ".";
        }
        _numbers = numbers;
        // No thousands separators unless asked: read with the wrong culture, "1,5" must fail rather than become 15.
        _numberStyles = NumberStyles.Float | (mapping?.Thousands == true ? NumberStyles.AllowThousands : NumberStyles.None);
        _dateFormats = mapping?.AllFormats is { Count: > 0 } formats ? [.. formats] : DefaultDateFormats;
        if (mapping?.Calendar == "roc")
            _rocPattern = RocPattern(_dateFormats[0]);
        if (mapping?.Matches is { } pattern && !forOurValues)
            _matches = MappingRegex(pattern);
        if (mapping?.Codes is { } codes && !forOurValues)
        {
            _codes = new Dictionary<string, string>(codes, StringComparer.OrdinalIgnoreCase);
            _codeLookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
        }
        if (field.EnumType is { } enumType)
        {
            _enumNames = Enum.GetNames(enumType).ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);
            _enumLookup = _enumNames.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    public static ValueParser Create(TargetField field, FieldMapping? mapping, string? fileCulture, ImportLimits? limits = null) =>
        new(field, mapping, fileCulture, limits ?? ImportLimits.Default, forOurValues: false);

    /// <summary>For values the mapping itself gives (constants, defaults, what codes map to): no code list, no pattern.</summary>
    public static ValueParser ForMappingValues(TargetField field, FieldMapping? mapping, string? fileCulture, ImportLimits? limits = null) =>
        new(field, mapping, fileCulture, limits ?? ImportLimits.Default, forOurValues: true);

    /// <summary>
    /// A regular expression from a mapping: non-backtracking, so a pattern such as <c>^(a+)+$</c> runs in linear time
    /// instead of hanging the import; a match timeout bounds the rest.
    /// </summary>
    public static Regex MappingRegex(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);

    /// <summary>The bound of a <c>numeric(p,s)</c> column (values must stay below it), or decimal's own for others.</summary>
    private static decimal MaxDecimal(string sqlType)
    {
        var open = sqlType.IndexOf('(', StringComparison.Ordinal);
        var comma = sqlType.IndexOf(',', StringComparison.Ordinal);
        if (open < 0 || comma < open)
            return decimal.MaxValue;
        var precision = int.Parse(sqlType.AsSpan(open + 1, comma - open - 1), CultureInfo.InvariantCulture);
        var scale = int.Parse(sqlType.AsSpan(comma + 1, sqlType.Length - comma - 2), CultureInfo.InvariantCulture);
        var max = 1m;
        for (var i = 0; i < precision - scale; i++)
            max *= 10;
        return max;
    }

    /// <summary>Describes what the parser expects, for error messages.</summary>
    public string Expected => _type switch
    {
        FieldType.Date when _rocPattern is not null => $"a ROC (Minguo) date as {_dateFormats[0]}",
        FieldType.Date => $"a date as {string.Join(" or ", _dateFormats)}",
        FieldType.Decimal => _numbers is NumberFormatInfo { NumberDecimalSeparator: "," } ? "a number with a decimal comma" : "a number",
        FieldType.Integer => "a whole number",
        FieldType.Boolean => "true/false, Y/N, yes/no or 1/0",
        FieldType.Enum => string.Join(", ", _enumNames!.Keys),
        _ => "text",
    };

    public bool TryParse(string raw, out FieldValue value, out string? reason) => TryParse(raw.AsSpan(), out value, out reason);

    /// <summary>An empty cell gives <see cref="FieldValue.Null"/> (the caller applies defaults and required-ness).</summary>
    public bool TryParse(ReadOnlySpan<char> raw, out FieldValue value, out string? reason)
    {
        reason = null;
        if (_trim)
            raw = raw.Trim();
        if (_matches is not null)
        {
            try
            {
                value = new FieldValue { Boolean = _matches.IsMatch(raw) };
                return true;
            }
            catch (RegexMatchTimeoutException)
            {
                value = default;
                reason = string.Create(CultureInfo.InvariantCulture, $"the mapping's pattern \"{_matches}\" took over {MatchTimeout.TotalSeconds:N0} s on this cell: simplify the pattern");
                return false;
            }
        }
        if (raw.IsEmpty)
        {
            value = FieldValue.Null;
            return true;
        }
        if (_codes is not null)
        {
            if (!_codeLookup.TryGetValue(raw, out var mapped))
            {
                value = default;
                reason = $"unknown code (the mapping knows {string.Join(", ", _codes.Keys)})";
                return false;
            }
            raw = mapped.AsSpan();
        }
        value = default;
        switch (_type)
        {
            case FieldType.Text:
            case FieldType.Reference:
            case FieldType.TextList:
                // A list field is parsed cell by cell; the staging collects the cells' values into the list.
                reason = TextChecks.Problem(raw, _type == FieldType.Reference ? ImportLimits.MaxKeyLength : _limits.MaxTextLength, _field.FreeText);
                if (reason is null && _field.IsEmail && !IsOneEmailAddress(raw))
                    reason = "not one email address (write a single address such as name@example.com: no display name, no list)";
                if (reason is not null)
                    return false;
                value.Text = raw.ToString();
                return true;
            case FieldType.Integer:
                if (int.TryParse(raw, NumberStyles.Integer, _numbers, out value.Integer))
                    return true;
                if (decimal.TryParse(raw, _numberStyles, _numbers, out var whole) && whole == decimal.Truncate(whole) && whole is >= int.MinValue and <= int.MaxValue)
                {
                    value.Integer = (int)whole;
                    return true;
                }
                reason = $"not {Expected}";
                return false;
            case FieldType.Decimal:
                if (!decimal.TryParse(raw, _numberStyles, _numbers, out value.Decimal))
                {
                    reason = $"not {Expected}";
                    return false;
                }
                if (Math.Abs(value.Decimal) >= _maxDecimal)
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"too large: the value must be below {_maxDecimal:N0} in absolute value");
                    return false;
                }
                return true;
            case FieldType.Date:
                if (!TryParseDate(raw, out value.Date))
                {
                    reason = $"not {Expected}";
                    return false;
                }
                if (value.Date < _limits.MinDate || value.Date > _limits.MaxDate)
                {
                    reason = $"outside the accepted dates {_limits.DateRange} (setting {ImportLimits.Section}:MinDate/MaxDate); correct the date at the source";
                    return false;
                }
                return true;
            case FieldType.Boolean:
                if (BooleanLookup.TryGetValue(raw, out value.Boolean))
                    return true;
                reason = $"not {Expected}";
                return false;
            case FieldType.Enum:
                if (_enumLookup.TryGetValue(raw, out var name))
                {
                    value.Text = name;
                    return true;
                }
                reason = $"not one of {Expected}";
                return false;
            default:
                throw new InvalidOperationException($"No parser for {_type}.");
        }
    }

    private static readonly System.Buffers.SearchValues<char> AddressSeparators = System.Buffers.SearchValues.Create(",; <>\"");

    /// <summary>Exactly one address as written: <c>a@x, b@y</c> and <c>Name &lt;a@x&gt;</c> are refused.</summary>
    private static bool IsOneEmailAddress(ReadOnlySpan<char> raw)
    {
        var text = raw.ToString();
        return raw.IndexOfAny(AddressSeparators) < 0
            && System.Net.Mail.MailAddress.TryCreate(text, out var address)
            && string.Equals(address.Address, text, StringComparison.Ordinal)
            && string.IsNullOrEmpty(address.DisplayName);
    }

    private bool TryParseDate(ReadOnlySpan<char> raw, out DateOnly date)
    {
        date = default;
        if (_rocPattern is not null)
        {
            var m = _rocPattern.Match(raw.ToString());
            if (!m.Success)
                return false;
            var year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture) + 1911;
            var month = int.Parse(m.Groups["M"].ValueSpan, CultureInfo.InvariantCulture);
            var day = int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
                return false;
            date = new DateOnly(year, month, day);
            return true;
        }
        foreach (var format in _dateFormats)
        {
            if (DateTime.TryParseExact(raw, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
            {
                // A date-time keeps the calendar day as the source wrote it: business dates carry no time zone.
                date = DateOnly.FromDateTime(dt);
                return true;
            }
        }
        return false;
    }

    /// <summary>ROC dates (民國 113/05/02 = 2024-05-02): the format's y/M/d runs become digit groups, the rest is literal.</summary>
    private static Regex RocPattern(string format)
    {
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            var run = 1;
            while (i + run < format.Length && format[i + run] == c)
                run++;
            pattern.Append(c switch
            {
                'y' => @"(?<y>\d{1,3})",
                'M' => @"(?<M>\d{1,2})",
                'd' => @"(?<d>\d{1,2})",
                _ => Regex.Escape(new string(c, run)),
            });
            i += run;
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    public static CultureInfo? TryCulture(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Equals("invariant", StringComparison.OrdinalIgnoreCase))
            return CultureInfo.InvariantCulture;
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }
}
