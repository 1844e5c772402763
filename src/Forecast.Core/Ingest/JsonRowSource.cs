using System.Globalization;
using System.Text.Json;

namespace Forecast.Core.Ingest;

/// <summary>
/// A pushed batch (a JSON array of records in our field names, each with its <c>key</c>) read as rows, so pushed
/// records go through the same parsing and checks as a CSV file. A reference is the referred row's key, or
/// <c>{"system": "erp", "key": "CN-1001"}</c> for a row of another source system. A list field (a customer's
/// <c>aliases</c>) is an array of strings, or one string.
/// </summary>
public sealed class JsonRowSource : RowSource
{
    public const string KeyProperty = "key";
    private const string SystemSuffix = ".system";

    /// <summary>More values than this in one list field are refused (each value is a staging column).</summary>
    public const int MaxListValues = 50;

    private readonly JsonElement _records;
    private readonly TargetEntity _entity;
    private readonly string[] _header;
    /// <summary>A list field's values become columns <c>aliases[0]</c>, <c>aliases[1]</c>... as many as the longest list.</summary>
    private readonly Dictionary<string, int> _listWidths = new(StringComparer.OrdinalIgnoreCase);
    private int _next;

    public JsonRowSource(JsonElement records, TargetEntity entity)
    {
        _records = records;
        _entity = entity;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { KeyProperty };
        foreach (var record in records.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
        {
            foreach (var property in record.EnumerateObject())
            {
                if (TryName(property, out var propertyName) && entity.Field(propertyName) is { } field)
                {
                    seen.Add(field.Name);
                    if (field.Type == FieldType.Reference)
                        seen.Add(field.Name + SystemSuffix);
                    if (field.Type == FieldType.TextList)
                    {
                        var width = property.Value.ValueKind == JsonValueKind.Array ? Math.Min(property.Value.GetArrayLength(), MaxListValues) : 1;
                        _listWidths[field.Name] = Math.Max(_listWidths.GetValueOrDefault(field.Name), Math.Max(width, 1));
                    }
                }
            }
        }
        _header =
        [
            KeyProperty,
            .. entity.Fields.Where(f => seen.Contains(f.Name)).SelectMany(f => f.Type == FieldType.TextList ? ListColumns(f.Name) : [f.Name]),
            .. entity.Fields.Select(f => f.Name + SystemSuffix).Where(seen.Contains),
        ];
    }

    public override string Name => "records";

    public override IReadOnlyList<string> Header => _header;

    private IEnumerable<string> ListColumns(string field) =>
        Enumerable.Range(0, _listWidths[field]).Select(i => string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"));

    /// <summary>The mapping that reads our field names as they are (ISO dates, invariant numbers, enum names).</summary>
    public ImportMapping Mapping(string system, string sourceSystem)
    {
        var target = new TargetMapping { Entity = _entity.Name, Key = [KeyProperty] };
        foreach (var field in _entity.Fields)
        {
            if (field.Type == FieldType.TextList)
            {
                if (_listWidths.ContainsKey(field.Name))
                    target.Fields[field.Name] = new FieldMapping { Columns = [.. ListColumns(field.Name)] };
                continue;
            }
            var present = _header.Contains(field.Name, StringComparer.OrdinalIgnoreCase);
            if (!present && !(field.Required && !field.DefaultsToKey && field.Default is null))
                continue;
            target.Fields[field.Name] = new FieldMapping
            {
                Column = field.Name,
                SystemColumn = field.Type == FieldType.Reference && _header.Contains(field.Name + SystemSuffix) ? field.Name + SystemSuffix : null,
            };
        }
        return new ImportMapping
        {
            Name = "api",
            System = system,
            SourceSystem = sourceSystem,
            Files = [new FileMapping { File = Name, Targets = [target] }],
        };
    }

    /// <summary>Shape problems a CSV cannot have: a record that is not an object, an unknown field, a nested value.</summary>
    public void CheckShape(ImportReport report)
    {
        var line = 0;
        foreach (var record in _records.EnumerateArray())
        {
            line++;
            if (record.ValueKind != JsonValueKind.Object)
            {
                report.AddError(Name, line, "", Raw(record), "a record must be a JSON object");
                continue;
            }
            foreach (var property in record.EnumerateObject())
            {
                if (!TryName(property, out var propertyName))
                {
                    report.AddError(Name, line, "(field name)", "", $"a field name is {InvalidText}");
                    continue;
                }
                var field = _entity.Field(propertyName);
                if (field is null && !property.NameEquals(KeyProperty))
                {
                    report.AddError(Name, line, propertyName, Raw(property.Value),
                        $"{_entity.Name} has no field \"{propertyName}\"; its fields: key, {string.Join(", ", _entity.Fields.Select(f => f.Name))}");
                    continue;
                }
                var value = property.Value;
                if (FirstInvalidText(value) is { } invalidAt)
                {
                    report.AddError(Name, line, propertyName + invalidAt, "", $"the value is {InvalidText}");
                    continue;
                }
                if (field?.Type == FieldType.TextList)
                {
                    CheckList(report, line, propertyName, value);
                    continue;
                }
                var isReferenceObject = field?.Type == FieldType.Reference && value.ValueKind == JsonValueKind.Object;
                if (isReferenceObject && !(value.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String))
                    report.AddError(Name, line, propertyName, Raw(value), "a reference object needs a string \"key\" (and may give \"system\")");
                else if (!isReferenceObject && value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    report.AddError(Name, line, propertyName, Raw(value), "expected a string, number, boolean or null");
            }
        }
    }

    private const string InvalidText =
        "not valid text (invalid UTF-8 bytes, or an unpaired surrogate such as \\uD800 without its pair): send UTF-8 JSON with valid Unicode";

    /// <summary>
    /// System.Text.Json reads a string's bytes lazily: invalid UTF-8 or a lone escaped surrogate only fails when the string
    /// is read (with an InvalidOperationException, which would answer 500). Where in the value such a string is, or null.
    /// </summary>
    private static string? FirstInvalidText(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return TryText(value, out _) ? null : "";
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (FirstInvalidText(item) is { } at)
                        return string.Create(CultureInfo.InvariantCulture, $"[{i}]{at}");
                    i++;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!TryName(property, out var name))
                        return ".(field name)";
                    if (FirstInvalidText(property.Value) is { } at)
                        return "." + name + at;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool TryText(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private void CheckList(ImportReport report, int line, string name, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            return;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
            report.AddError(Name, line, name, Raw(value), "expected an array of strings (or one string)");
        else if (value.GetArrayLength() > MaxListValues)
            report.AddError(Name, line, name, Raw(value), string.Create(CultureInfo.InvariantCulture, $"at most {MaxListValues} values"));
    }

    public override bool Read(RowBuffer row)
    {
        if (_next >= _records.GetArrayLength())
            return false;
        var record = _records[_next++];
        row.Clear();
        row.Line = _next;
        foreach (var column in _header)
        {
            var isSystem = column.EndsWith(SystemSuffix, StringComparison.Ordinal);
            var bracket = column.IndexOf('[', StringComparison.Ordinal);
            var name = isSystem ? column[..^SystemSuffix.Length] : bracket > 0 ? column[..bracket] : column;
            if (record.ValueKind != JsonValueKind.Object || !TryGet(record, name, out var value))
            {
                row.Add([]);
                continue;
            }
            if (bracket > 0)
            {
                row.Add(ListItem(value, int.Parse(column.AsSpan(bracket + 1, column.Length - bracket - 2), CultureInfo.InvariantCulture)));
                continue;
            }
            if (value.ValueKind == JsonValueKind.Object)
            {
                row.Add(value.TryGetProperty(isSystem ? "system" : "key", out var part) && part.ValueKind == JsonValueKind.String ? Text(part) : "");
                continue;
            }
            if (isSystem)
            {
                row.Add([]);
                continue;
            }
            row.Add(value.ValueKind switch
            {
                JsonValueKind.String => Text(value),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => "",
            });
        }
        return true;
    }

    /// <summary>The list's value at <paramref name="index"/>; one string is a list of one.</summary>
    private static string? ListItem(JsonElement value, int index) => value.ValueKind switch
    {
        JsonValueKind.Array when index < value.GetArrayLength() && value[index].ValueKind == JsonValueKind.String => Text(value[index]),
        JsonValueKind.String when index == 0 => Text(value),
        _ => "",
    };

    /// <summary>A string's text; an invalid one (reported by <see cref="CheckShape"/>) reads as empty.</summary>
    private static string Text(JsonElement value) => TryText(value, out var text) ? text : "";

    private static bool TryGet(JsonElement record, string name, out JsonElement value)
    {
        foreach (var property in record.EnumerateObject())
        {
            if (TryName(property, out var propertyName) && string.Equals(propertyName, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The value as sent, for the report; invalid text (reported on its own) shows as nothing.</summary>
    private static string Raw(JsonElement value)
    {
        try
        {
            var text = value.GetRawText();
            return text.Length > 200 ? text[..200] : text;
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }
}
