using System.Text.RegularExpressions;

namespace Forecast.Core.Ingest;

/// <summary>A skip rule bound to a column of one file.</summary>
internal sealed class SkipPlan(SkipRule rule, int column)
{
    private readonly Regex? _matches = rule.Matches is null ? null : ValueParser.MappingRegex(rule.Matches);
    private readonly Regex? _notMatches = rule.NotMatches is null ? null : ValueParser.MappingRegex(rule.NotMatches);

    public string Name => rule.Name;
    public long Count { get; set; }
    public string Column => rule.Column;
    public string Pattern => (rule.Matches ?? rule.NotMatches)!;

    public bool Applies(RowBuffer row)
    {
        var cell = row[column].Trim();
        if (rule.IsEmpty)
            return cell.IsEmpty;
        if (rule.EqualsAny is { } values)
        {
            foreach (var v in values)
            {
                if (cell.Equals(v, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }
        if (_matches is not null)
            return _matches.IsMatch(cell);
        return !_notMatches!.IsMatch(cell);
    }

    /// <summary>Binds rules to the header; a rule naming a missing column is reported like any missing column.</summary>
    public static List<SkipPlan> Bind(IEnumerable<SkipRule> rules, HeaderIndex header, List<string> missing)
    {
        var plans = new List<SkipPlan>();
        foreach (var rule in rules)
        {
            var index = header.IndexOf(rule.Column);
            if (index < 0)
                missing.Add(rule.Column);
            else
                plans.Add(new SkipPlan(rule, index));
        }
        return plans;
    }
}

/// <summary>Column names of a source to positions, without case.</summary>
internal sealed class HeaderIndex(IReadOnlyList<string> names)
{
    private readonly Dictionary<string, int> _index = names
        .Select((n, i) => (n, i))
        .GroupBy(x => x.n, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);

    public int IndexOf(string name) => _index.TryGetValue(name.Trim(), out var i) ? i : -1;
}

/// <summary>How one of our fields is read from a row of one file.</summary>
internal sealed class FieldPlan
{
    public required TargetField Field { get; init; }
    /// <summary>
    /// Source column positions (several: joined by <c>/</c>, or one value each for a list field); empty for constants,
    /// ordinals and key-defaults.
    /// </summary>
    public int[] Columns { get; init; } = [];
    /// <summary>What errors name as the column: the source column(s), or our field name for pushed records.</summary>
    public required string Label { get; init; }
    public required ValueParser Parser { get; init; }
    public FieldValue? Constant { get; init; }
    public FieldValue? Default { get; init; }
    public bool FromKey { get; init; }
    /// <summary>Set by SQL after merging: the row's position among rows sharing <see cref="OrdinalWithin"/>.</summary>
    public FieldPlan? OrdinalWithin { get; set; }
    /// <summary>For references: the referenced row's source system, fixed or read from a column.</summary>
    public string? RefSystem { get; init; }
    public int RefSystemColumn { get; init; } = -1;
    /// <summary>For a reference by another field than the key (<see cref="FieldMapping.By"/>): that field of the referred entity.</summary>
    public TargetField? RefBy { get; init; }
    /// <summary>What errors name as the column of the reference's source system.</summary>
    public string SystemLabel { get; init; } = "";
    public bool Summed { get; init; }

    /// <summary>The source column names, in the order of <see cref="Columns"/> (a list field reports errors per column).</summary>
    public string[] ColumnNames { get; init; } = [];

    public bool IsReference => Field.Type == FieldType.Reference;
    public bool IsList => Field.Type == FieldType.TextList;
    public bool IsOrdinal => OrdinalWithin is not null;
}

/// <summary>One target of one file, compiled against the file's header: key columns, field readers, skip rules.</summary>
internal sealed class TargetPlan
{
    public required int Index { get; init; }
    public required TargetEntity Entity { get; init; }
    public required TargetMapping Mapping { get; init; }
    public required string SourceSystem { get; init; }
    public required int[] KeyColumns { get; init; }
    public required string KeyLabel { get; init; }
    public required List<FieldPlan> Fields { get; init; }
    public required List<SkipPlan> Skip { get; init; }
    public FieldPlan? NonNegative { get; init; }
    public FieldPlan? NonNegativeUnless { get; init; }
    public TargetReport Report { get; } = new();

    /// <summary>
    /// For opportunities: the known stage names (the win rates' priors) by any casing, to their canonical spelling. A stage
    /// outside them still imports, but its deals get no prior, so open ones are counted for a warning.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Stages { get; set; }

    public string Prefix => $"t{Index}_";
    public bool Merges => Mapping.Duplicates != "reject";
    public bool NeedsFinalTable => Merges || Fields.Any(f => f.IsOrdinal);

    /// <summary>
    /// Compiles a target against a header. Missing columns are added to <paramref name="missing"/> (the file is then
    /// rejected before any row is read).
    /// </summary>
    public static TargetPlan Compile(int index, TargetMapping mapping, ImportMapping importMapping, string? fileCulture,
        HeaderIndex header, List<string> missing, ImportLimits limits)
    {
        var entity = IngestCatalog.Find(mapping.Entity)!;
        int Column(string name)
        {
            var i = header.IndexOf(name);
            if (i < 0 && !missing.Contains(name, StringComparer.OrdinalIgnoreCase))
                missing.Add(name);
            return i;
        }

        var keyColumns = mapping.Key.Select(Column).ToArray();
        var fields = new List<FieldPlan>();
        foreach (var field in entity.Fields)
        {
            mapping.Fields.TryGetValue(field.Name, out var fm);
            if (fm is null && !field.DefaultsToKey)
                continue;
            // An optional column the file lacks: the field is not imported (rows keep what they have).
            if (fm is { Optional: true } && fm.SourceColumns.Any(c => header.IndexOf(c) < 0))
                continue;
            var culture = fileCulture ?? importMapping.Culture;
            var parser = ValueParser.Create(field, fm, culture, limits);
            var ours = ValueParser.ForMappingValues(field, fm, culture, limits);
            FieldValue? constant = null, @default = null;
            if ((fm?.Constant ?? fm?.Value) is { } c)
                constant = Parse(ours, c);
            if (fm?.Default is { } d)
                @default = Parse(ours, d);
            else if (field.Default is { } entityDefault)
                @default = Parse(ValueParser.ForMappingValues(field, null, null, limits), entityDefault);
            var refSystemColumn = fm?.SystemColumn is { } sc ? Column(sc) : -1;
            fields.Add(new FieldPlan
            {
                Field = field,
                Columns = fm is null ? [] : fm.SourceColumns.Select(Column).ToArray(),
                ColumnNames = fm is null ? [] : [.. fm.SourceColumns],
                Label = fm is null ? string.Join("+", mapping.Key) : fm.SourceColumns.Count > 0 ? string.Join("+", fm.SourceColumns) : field.Name,
                Parser = parser,
                Constant = constant,
                Default = @default,
                FromKey = fm is null,
                RefSystem = field.Type == FieldType.Reference ? fm?.System ?? importMapping.EffectiveSourceSystem : null,
                RefSystemColumn = refSystemColumn,
                SystemLabel = fm?.SystemColumn ?? "",
                RefBy = fm?.By is { } by && field.References is { } referred ? IngestCatalog.Find(referred)!.Field(by) : null,
                Summed = mapping.Sum.Contains(field.Name, StringComparer.OrdinalIgnoreCase),
            });
        }
        foreach (var plan in fields)
        {
            if (mapping.Fields.TryGetValue(plan.Field.Name, out var fm) && fm.OrdinalWithin is { } within)
                plan.OrdinalWithin = fields.First(f => f.Field.Name.Equals(within, StringComparison.OrdinalIgnoreCase));
        }

        return new TargetPlan
        {
            Index = index,
            Entity = entity,
            Mapping = mapping,
            SourceSystem = importMapping.EffectiveSourceSystem,
            KeyColumns = keyColumns,
            KeyLabel = string.Join("+", mapping.Key),
            Fields = fields,
            Skip = SkipPlan.Bind(mapping.Skip, header, missing),
            NonNegative = entity.NonNegativeField is { } nn ? fields.FirstOrDefault(f => f.Field.Name == nn) : null,
            NonNegativeUnless = entity.NonNegativeUnless is { } u ? fields.FirstOrDefault(f => f.Field.Name == u) : null,
            Report = { Entity = entity.Name },
        };
    }

    private static FieldValue Parse(ValueParser parser, string text) =>
        parser.TryParse(text, out var value, out var reason)
            ? value
            : throw new MappingException($"The value \"{text}\" in the mapping is not valid: {reason}.");
}
