using System.Text.Json;

namespace Forecast.Core.Ingest;

/// <summary>
/// A pushed batch (a JSON array of records in our field names, each with its <c>key</c>) read as rows, so pushed
/// records go through the same parsing and checks as a CSV file. A reference is the referred row's key, or
/// <c>{"system": "erp", "key": "CN-1001"}</c> for a row of another source system.
/// </summary>
public sealed class JsonRowSource : RowSource
{
    public const string KeyProperty = "key";
    private const string SystemSuffix = ".system";

    private readonly JsonElement _records;
    private readonly TargetEntity _entity;
    private readonly string[] _header;
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
                if (entity.Field(property.Name) is { } field)
                {
                    seen.Add(field.Name);
                    if (field.Type == FieldType.Reference)
                        seen.Add(field.Name + SystemSuffix);
                }
            }
        }
        _header = [KeyProperty, .. entity.Fields.Select(f => f.Name).Where(seen.Contains), .. entity.Fields.Select(f => f.Name + SystemSuffix).Where(seen.Contains)];
    }

    public override string Name => "records";

    public override IReadOnlyList<string> Header => _header;

    /// <summary>The mapping that reads our field names as they are (ISO dates, invariant numbers, enum names).</summary>
    public ImportMapping Mapping(string system, string sourceSystem)
    {
        var target = new TargetMapping { Entity = _entity.Name, Key = [KeyProperty] };
        foreach (var field in _entity.Fields)
        {
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
                report.AddError(Name, line, "", Truncate(record.GetRawText()), "a record must be a JSON object");
                continue;
            }
            foreach (var property in record.EnumerateObject())
            {
                var field = _entity.Field(property.Name);
                if (field is null && !property.NameEquals(KeyProperty))
                {
                    report.AddError(Name, line, property.Name, Truncate(property.Value.GetRawText()),
                        $"{_entity.Name} has no field \"{property.Name}\"; its fields: key, {string.Join(", ", _entity.Fields.Select(f => f.Name))}");
                    continue;
                }
                var value = property.Value;
                var isReferenceObject = field?.Type == FieldType.Reference && value.ValueKind == JsonValueKind.Object;
                if (isReferenceObject && !(value.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String))
                    report.AddError(Name, line, property.Name, Truncate(value.GetRawText()), "a reference object needs a string \"key\" (and may give \"system\")");
                else if (!isReferenceObject && value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    report.AddError(Name, line, property.Name, Truncate(value.GetRawText()), "expected a string, number, boolean or null");
            }
        }
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
            var name = isSystem ? column[..^SystemSuffix.Length] : column;
            if (record.ValueKind != JsonValueKind.Object || !TryGet(record, name, out var value))
            {
                row.Add([]);
                continue;
            }
            if (value.ValueKind == JsonValueKind.Object)
            {
                row.Add(value.TryGetProperty(isSystem ? "system" : "key", out var part) && part.ValueKind == JsonValueKind.String ? part.GetString() : "");
                continue;
            }
            if (isSystem)
            {
                row.Add([]);
                continue;
            }
            row.Add(value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => "",
            });
        }
        return true;
    }

    private static bool TryGet(JsonElement record, string name, out JsonElement value)
    {
        foreach (var property in record.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] : text;
}
