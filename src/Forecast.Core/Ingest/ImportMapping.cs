using System.Text.Json;
using System.Text.Json.Serialization;

namespace Forecast.Core.Ingest;

/// <summary>
/// How one source system's export becomes our entities: which file feeds which entities, and how each of our
/// fields is read from the file's columns. The format is documented in docs/import.md.
/// </summary>
public sealed class ImportMapping
{
    /// <summary>A name for reports (defaults to the file name).</summary>
    public string Name { get; set; } = "";

    /// <summary><c>erp</c> or <c>crm</c>: the side of the model the mapping writes (and the command that runs it).</summary>
    public string System { get; set; } = "";

    /// <summary>What the rows' source_system becomes (default: <see cref="System"/>).</summary>
    public string? SourceSystem { get; set; }

    /// <summary>Encoding of every file unless the file says otherwise: <c>utf-8</c> (default), <c>big5</c>, <c>utf-16</c>...</summary>
    public string? Encoding { get; set; }

    /// <summary>Culture for numbers (e.g. <c>de-DE</c> for decimal commas); invariant by default.</summary>
    public string? Culture { get; set; }

    public string? Delimiter { get; set; }

    public List<FileMapping> Files { get; set; } = [];

    [JsonIgnore]
    public string EffectiveSourceSystem => string.IsNullOrWhiteSpace(SourceSystem) ? System : SourceSystem;
}

public sealed class FileMapping
{
    /// <summary>File name or pattern (<c>*</c>, <c>?</c>), matched without case; <c>X.csv</c> also matches <c>X.csv.gz</c>.</summary>
    public string File { get; set; } = "";
    public string? Encoding { get; set; }
    public string? Culture { get; set; }
    public string? Delimiter { get; set; }
    /// <summary>Rows matching any rule are skipped for every target (and counted by rule name in the report).</summary>
    public List<SkipRule> Skip { get; set; } = [];
    public List<TargetMapping> Targets { get; set; } = [];
}

public sealed class TargetMapping
{
    /// <summary>An entity of <see cref="IngestCatalog"/>: <c>customers</c>, <c>sales-order-lines</c>...</summary>
    public string Entity { get; set; } = "";

    /// <summary>The columns whose values, joined by <c>/</c>, make the row's source key.</summary>
    public List<string> Key { get; set; } = [];

    /// <summary>
    /// What rows sharing a key within one file mean: <c>reject</c> (default: an error), <c>first</c>/<c>last</c> (keep one),
    /// <c>same</c> (they must agree; one is kept). Fields named in <see cref="Sum"/> are added up over the rows.
    /// </summary>
    public string Duplicates { get; set; } = "reject";
    public List<string> Sum { get; set; } = [];

    /// <summary>Rows skipped for this target only.</summary>
    public List<SkipRule> Skip { get; set; } = [];

    /// <summary>
    /// Our field name to how it is read. A plain string is a column name; an array of strings is one column per value of
    /// a list field (<c>"aliases": ["ENG_NAME", "SHORT_NAME"]</c>).
    /// </summary>
    public Dictionary<string, FieldMapping> Fields { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// How one of our fields is read: a plain string in the file is a column name, an array of strings the columns of a
/// list field (see <see cref="FieldMappingConverter"/>).
/// </summary>
public sealed class FieldMapping
{
    public string? Column { get; set; }
    /// <summary>Several columns: joined by <c>/</c> (a composite reference), or one value each for a list field (<c>aliases</c>).</summary>
    public List<string>? Columns { get; set; }
    /// <summary>Written as an array of column names: only a list field takes that form (checked with the entity).</summary>
    [JsonIgnore]
    public bool IsColumnArray { get; set; }
    /// <summary>The same value for every row, for a required field the export has no column for (<c>"value": "TWD"</c>).</summary>
    public string? Value { get; set; }
    /// <summary>The older name of <see cref="Value"/>.</summary>
    public string? Constant { get; set; }
    /// <summary>Used when the cell is empty.</summary>
    public string? Default { get; set; }
    /// <summary>Date format(s) in .NET custom format syntax, e.g. <c>yyyy/MM/dd</c>, <c>dd.MM.yyyy</c>, <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public string? Format { get; set; }
    public List<string>? Formats { get; set; }
    /// <summary><c>roc</c>: the year is a Republic of China (Minguo) year, 1911 less than the Gregorian one.</summary>
    public string? Calendar { get; set; }
    public bool? DecimalComma { get; set; }
    /// <summary>Allow thousands separators (<c>1,234.50</c>); off by default so a decimal comma is never misread as one.</summary>
    public bool? Thousands { get; set; }
    public string? Culture { get; set; }
    /// <summary>Source code to our value, e.g. <c>{"O": "Open", "S": "Shipped"}</c> or <c>{"N30": "30"}</c>; matched without case.</summary>
    public Dictionary<string, string>? Codes { get; set; }
    /// <summary>For a boolean: true when the cell matches this regular expression (e.g. <c>^C</c> for a credit note).</summary>
    public string? Matches { get; set; }
    /// <summary>For a line number: 1, 2, 3... in file order within the rows that share this reference field (e.g. <c>salesOrder</c>).</summary>
    public string? OrdinalWithin { get; set; }
    /// <summary>For a reference: the source system of the row referred to (default: the mapping's).</summary>
    public string? System { get; set; }
    /// <summary>For a reference: a column holding the referred row's source system, row by row (empty: <see cref="System"/>).</summary>
    public string? SystemColumn { get; set; }
    /// <summary>
    /// For a reference: the field of the referred entity the cell holds, when it is not the referred row's key (a CRM
    /// that names reps by email: <c>"ownerRep": { "column": "Owner_Email", "by": "email" }</c>). Compared without case.
    /// </summary>
    public string? By { get; set; }
    public bool? Trim { get; set; }
    /// <summary>
    /// The export may lack the column (an older export, or a CRM where nobody added the field): without it the field is
    /// not imported, instead of the file being refused. Only for a field that is not required.
    /// </summary>
    public bool Optional { get; set; }

    public IReadOnlyList<string> SourceColumns =>
        Columns is { Count: > 0 } ? Columns : Column is null ? [] : [Column];

    public IReadOnlyList<string> AllFormats =>
        Formats is { Count: > 0 } ? Formats : Format is null ? [] : [Format];
}

public sealed class SkipRule
{
    /// <summary>Shown in the report with the number of rows it skipped.</summary>
    public string Name { get; set; } = "";
    public string Column { get; set; } = "";
    public bool IsEmpty { get; set; }
    public List<string>? EqualsAny { get; set; }
    public string? Matches { get; set; }
    public string? NotMatches { get; set; }
}

/// <summary>A mapping file that cannot be used, with every problem found in it.</summary>
public sealed class MappingException(string message) : Exception(message)
{
    public MappingException() : this("The mapping is not valid.") { }
    public MappingException(string message, Exception inner) : this(message + " " + inner.Message) { }
}

/// <summary>Reads mapping files and checks them against <see cref="IngestCatalog"/> before any row is read.</summary>
public static class ImportMappings
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new FieldMappingConverter() },
    };

    private const string ResourcePrefix = "Forecast.Core.Ingest.Mappings.";

    /// <summary>The mappings shipped with the product (<c>demo-erp</c>, <c>demo-crm</c>, <c>online-retail</c>).</summary>
    public static IReadOnlyList<string> ShippedNames { get; } = typeof(ImportMappings).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>A shipped mapping by name, or a mapping file by path.</summary>
    public static ImportMapping Load(string nameOrPath)
    {
        if (ShippedNames.Contains(nameOrPath, StringComparer.OrdinalIgnoreCase))
        {
            using var stream = typeof(ImportMappings).Assembly.GetManifestResourceStream(ResourcePrefix + nameOrPath.ToLowerInvariant() + ".json")!;
            return Parse(stream, nameOrPath.ToLowerInvariant());
        }
        if (!File.Exists(nameOrPath))
        {
            throw new MappingException(
                $"No mapping file '{nameOrPath}'. Give a path to a mapping JSON file or one of the shipped mappings: {string.Join(", ", ShippedNames)}.");
        }
        using var file = File.OpenRead(nameOrPath);
        return Parse(file, Path.GetFileNameWithoutExtension(nameOrPath));
    }

    public static ImportMapping Parse(Stream json, string name) => Parse(json, name, Validate);

    /// <summary>Reads a mapping and checks it with <paramref name="validate"/> (the ERP document export reads the same language in reverse).</summary>
    internal static ImportMapping Parse(Stream json, string name, Func<ImportMapping, List<string>> validate)
    {
        ImportMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<ImportMapping>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new MappingException($"Mapping '{name}' is not valid JSON for a mapping: {Describe(ex)}");
        }
        if (mapping is null)
            throw new MappingException($"Mapping '{name}' is empty.");
        if (string.IsNullOrWhiteSpace(mapping.Name))
            mapping.Name = name;
        var problems = validate(mapping);
        if (problems.Count > 0)
            throw new MappingException($"Mapping '{mapping.Name}' has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        return mapping;
    }

    /// <summary>
    /// A JSON error in the mapping's terms: the key's path and line, and what is wrong, without the .NET type names
    /// System.Text.Json puts in its messages (<c>System.Collections.Generic.List`1[...]</c> means nothing to an integrator).
    /// </summary>
    private static string Describe(JsonException ex)
    {
        var at = ex.Path is { Length: > 1 } path ? $"at {path.TrimStart('$', '.')}" : "at the top";
        var where = ex.LineNumber is { } line
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (line {line + 1}, position {ex.BytePositionInLine + 1})")
            : "";
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut >= 0)
            message = message[..cut];
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
            message = "unknown key (see docs/import.md for the keys a mapping has)";
        else if (message.Contains("Forecast.", StringComparison.Ordinal) || message.Contains("System.", StringComparison.Ordinal))
            message = "a value of the wrong kind (a list is written [...], an object {...}, a text \"...\")";
        return $"{at}{where}: {message}";
    }

    /// <summary>Every problem of the mapping, each with its place in the file (<c>files[1].targets[0].fields.status</c>).</summary>
    public static List<string> Validate(ImportMapping mapping)
    {
        var problems = new List<string>();
        // JSON null for a list or an object: say which key instead of failing on it later.
        if (mapping.Files is null)
        {
            problems.Add("files: null; give the list of files, e.g. \"files\": [ { \"file\": \"CUSTOMER.csv\", \"targets\": [...] } ].");
            mapping.Files = [];
        }
        for (var f = 0; f < mapping.Files.Count; f++)
        {
            var at = $"files[{f}]";
            if (mapping.Files[f] is not { } file)
            {
                problems.Add($"{at}: null; give an object with \"file\" and \"targets\".");
                mapping.Files[f] = new FileMapping { File = "(null)" };
                continue;
            }
            file.Skip = NotNull(file.Skip, at + ".skip", problems);
            file.Targets = NotNull(file.Targets, at + ".targets", problems);
            for (var t = 0; t < file.Targets.Count; t++)
            {
                var tat = $"{at}.targets[{t}]";
                if (file.Targets[t] is not { } target)
                {
                    problems.Add($"{tat}: null; give an object with \"entity\", \"key\" and \"fields\".");
                    file.Targets[t] = new TargetMapping { Entity = "(null)", Key = ["(null)"], Fields = new(StringComparer.OrdinalIgnoreCase) { } };
                    continue;
                }
                target.Key = NotNull(target.Key, tat + ".key", problems);
                target.Sum = NotNull(target.Sum, tat + ".sum", problems);
                target.Skip = NotNull(target.Skip, tat + ".skip", problems);
                target.Duplicates ??= "reject";
                if (target.Fields is null)
                {
                    problems.Add($"{tat}.fields: null; give an object of our field names to columns, e.g. {{ \"name\": \"CUST_NAME\" }}.");
                    target.Fields = new(StringComparer.OrdinalIgnoreCase);
                }
                if (target.Key.Any(k => k is null))
                    problems.Add($"{tat}.key: a column name is null.");
                target.Key = [.. target.Key.Select(k => k ?? "")];
                foreach (var (name, fm) in target.Fields.ToList())
                {
                    if (fm is null)
                    {
                        problems.Add($"{tat}.fields.{name}: null; give a column name, or an object such as {{ \"value\": \"...\" }}.");
                        target.Fields.Remove(name);
                        continue;
                    }
                    if (fm.Value is not null && fm.Constant is not null)
                        problems.Add($"{tat}.fields.{name}: give \"value\" or \"constant\" (the same thing), not both.");
                    fm.Constant ??= fm.Value;
                    if ((fm.Columns?.Any(c => c is null) ?? false) || (fm.Codes?.Values.Any(v => v is null) ?? false) || (fm.Formats?.Any(x => x is null) ?? false))
                        problems.Add($"{tat}.fields.{name}: a null inside a list or code list.");
                }
            }
            foreach (var rule in file.Skip.Concat(file.Targets.SelectMany(t => t.Skip)))
            {
                if (rule?.EqualsAny?.Any(v => v is null) ?? false)
                    problems.Add($"{at}.skip: a null in equalsAny.");
            }
            if (file.Skip.Any(r => r is null) || file.Targets.Any(t => t.Skip.Any(r => r is null)))
            {
                problems.Add($"{at}: a skip rule is null.");
                file.Skip.RemoveAll(r => r is null);
                file.Targets.ForEach(t => t.Skip.RemoveAll(r => r is null));
            }
        }
        if (problems.Count > 0)
            return problems;

        if (mapping.System is not ("erp" or "crm"))
            problems.Add($"system: must be \"erp\" or \"crm\", not \"{mapping.System}\".");
        if (mapping.SourceSystem is { } sourceSystem && TextChecks.Problem(sourceSystem, ImportLimits.MaxSourceSystemLength) is { } systemProblem)
            problems.Add($"sourceSystem: {systemProblem}.");
        CheckEncoding(mapping.Encoding, "encoding", problems);
        CheckCulture(mapping.Culture, "culture", problems);
        CheckDelimiter(mapping.Delimiter, "delimiter", problems);
        if (mapping.Files.Count == 0)
            problems.Add("files: the mapping names no file.");
        for (var f = 0; f < mapping.Files.Count; f++)
        {
            var file = mapping.Files[f];
            var at = $"files[{f}]";
            if (string.IsNullOrWhiteSpace(file.File))
                problems.Add($"{at}.file: missing.");
            CheckEncoding(file.Encoding, at + ".encoding", problems);
            CheckCulture(file.Culture, at + ".culture", problems);
            CheckDelimiter(file.Delimiter, at + ".delimiter", problems);
            CheckSkipRules(file.Skip, at + ".skip", problems);
            if (file.Targets.Count == 0)
                problems.Add($"{at}.targets: the file feeds no entity.");
            for (var t = 0; t < file.Targets.Count; t++)
                ValidateTarget(mapping, file.Targets[t], $"{at}.targets[{t}]", problems);
        }
        return problems;
    }

    private static void ValidateTarget(ImportMapping mapping, TargetMapping target, string at, List<string> problems)
    {
        var entity = IngestCatalog.Find(target.Entity);
        if (entity is null)
        {
            problems.Add($"{at}.entity: unknown entity \"{target.Entity}\"; known: {string.Join(", ", IngestCatalog.Entities.Select(e => e.Name))}.");
            return;
        }
        if (!string.Equals(entity.System, mapping.System, StringComparison.Ordinal))
            problems.Add($"{at}.entity: {entity.Name} is a {entity.System} entity; this mapping is for {mapping.System}.");
        if (target.Key.Count == 0 || target.Key.Any(string.IsNullOrWhiteSpace))
            problems.Add($"{at}.key: give the column(s) that identify a row.");
        if (target.Duplicates is not ("reject" or "first" or "last" or "same"))
            problems.Add($"{at}.duplicates: must be reject, first, last or same, not \"{target.Duplicates}\".");
        CheckSkipRules(target.Skip, at + ".skip", problems);
        foreach (var sum in target.Sum)
        {
            var field = entity.Field(sum);
            if (field is null || field.Type is not (FieldType.Decimal or FieldType.Integer))
                problems.Add($"{at}.sum: \"{sum}\" is not a number field of {entity.Name}.");
            else if (target.Duplicates == "reject")
                problems.Add($"{at}.sum: summing needs duplicates set to first, last or same.");
        }

        foreach (var (name, fm) in target.Fields)
        {
            var fat = $"{at}.fields.{name}";
            var field = entity.Field(name);
            if (field is null)
            {
                problems.Add($"{fat}: {entity.Name} has no field \"{name}\"; its fields: {string.Join(", ", entity.Fields.Select(x => x.Name))}.");
                continue;
            }
            var sources = (fm.SourceColumns.Count > 0 ? 1 : 0) + (fm.Constant is null ? 0 : 1) + (fm.OrdinalWithin is null ? 0 : 1);
            if (field.Type == FieldType.TextList)
            {
                if (fm.SourceColumns.Count == 0 || fm.SourceColumns.Any(string.IsNullOrWhiteSpace) || fm.Constant is not null || fm.Default is not null || fm.OrdinalWithin is not null)
                    problems.Add($"{fat}: a list of values is read from columns: give the column names, e.g. [\"ENG_NAME\", \"SHORT_NAME\"] (no constant or default).");
            }
            else if (fm.IsColumnArray)
            {
                // A list here would silently join two names into one ("大同精密/Tatung Precision"): say what to write instead.
                problems.Add($"{fat}: an array of columns is only for a list field ({ListFields()}); to join columns into one value write {{\"columns\": [...]}}"
                    + (entity.Field("aliases") is not null && field.Name == "name" ? "; map a customer's other names to \"aliases\"." : "."));
            }
            else if (sources != 1)
            {
                problems.Add($"{fat}: give exactly one of column/columns, value or ordinalWithin.");
            }
            if (fm.Optional && (field.Required || fm.SourceColumns.Count == 0))
                problems.Add($"{fat}.optional: only a column of a field that is not required may be missing from the file.");
            if (fm.AllFormats.Count > 0 && field.Type != FieldType.Date)
                problems.Add($"{fat}.format: only date fields take a format.");
            if (fm.Calendar is not null and not "roc" and not "gregorian")
                problems.Add($"{fat}.calendar: \"roc\" or \"gregorian\".");
            if (fm.Calendar == "roc" && fm.AllFormats.Count == 0)
                problems.Add($"{fat}.format: a ROC date needs a format such as yyy/MM/dd.");
            if (fm.Matches is not null && field.Type != FieldType.Boolean)
                problems.Add($"{fat}.matches: only boolean fields are set by a pattern.");
            if (fm.Matches is not null)
                CheckRegex(fm.Matches, fat + ".matches", problems);
            if ((fm.System ?? fm.SystemColumn) is not null && field.Type != FieldType.Reference)
                problems.Add($"{fat}.system: only references take a system.");
            if (fm.By is not null)
            {
                var referred = field.References is { } r ? IngestCatalog.Find(r) : null;
                var by = referred?.Field(fm.By);
                if (field.Type != FieldType.Reference)
                    problems.Add($"{fat}.by: only references take \"by\".");
                else if (by is null || by.Type != FieldType.Text)
                    problems.Add($"{fat}.by: \"{fm.By}\" is not a text field of {referred!.Name}; its text fields: {string.Join(", ", referred.Fields.Where(x => x.Type == FieldType.Text).Select(x => x.Name))}.");
            }
            if (fm.System is { } refSystem && TextChecks.Problem(refSystem, ImportLimits.MaxSourceSystemLength) is { } refSystemProblem)
                problems.Add($"{fat}.system: {refSystemProblem}.");
            CheckCulture(fm.Culture, fat + ".culture", problems);
            if (fm.OrdinalWithin is not null)
            {
                var within = entity.Field(fm.OrdinalWithin);
                if (field.Type != FieldType.Integer)
                    problems.Add($"{fat}.ordinalWithin: only integer fields (line numbers) can be ordinals.");
                if (within is null || within.Type != FieldType.Reference || !target.Fields.ContainsKey(within.Name))
                    problems.Add($"{fat}.ordinalWithin: \"{fm.OrdinalWithin}\" must be a mapped reference field of {entity.Name}.");
            }
            foreach (var value in new[] { fm.Constant, fm.Default }.Concat(fm.Codes?.Values ?? Enumerable.Empty<string>()))
            {
                if (value is null || field.Type == FieldType.Reference)
                    continue;
                var converter = ValueParser.ForMappingValues(field, fm, mapping.Culture);
                if (!converter.TryParse(value, out _, out var reason))
                    problems.Add($"{fat}: the value \"{value}\" given in the mapping is not valid: {reason}.");
            }
        }

        foreach (var field in entity.Fields.Where(f => f.Required && f.Default is null && !f.DefaultsToKey))
        {
            if (!target.Fields.ContainsKey(field.Name))
                problems.Add($"{at}.fields: {entity.Name} needs \"{field.Name}\".");
        }
    }

    private static List<T> NotNull<T>(List<T>? list, string at, List<string> problems)
    {
        if (list is not null)
            return list;
        problems.Add($"{at}: null; give a list ([] for none) or leave the key out.");
        return [];
    }

    private static string ListFields() => string.Join(", ",
        IngestCatalog.Entities.SelectMany(e => e.Fields.Where(f => f.Type == FieldType.TextList).Select(f => $"{e.Name}.{f.Name}")));

    private static void CheckSkipRules(List<SkipRule> rules, string at, List<string> problems)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (string.IsNullOrWhiteSpace(rule.Column))
                problems.Add($"{at}[{i}].column: missing.");
            var kinds = (rule.IsEmpty ? 1 : 0) + (rule.EqualsAny is null ? 0 : 1) + (rule.Matches is null ? 0 : 1) + (rule.NotMatches is null ? 0 : 1);
            if (kinds != 1)
                problems.Add($"{at}[{i}]: give exactly one of isEmpty, equalsAny, matches, notMatches.");
            if (rule.Matches is not null)
                CheckRegex(rule.Matches, $"{at}[{i}].matches", problems);
            if (rule.NotMatches is not null)
                CheckRegex(rule.NotMatches, $"{at}[{i}].notMatches", problems);
            if (string.IsNullOrWhiteSpace(rule.Name))
                rule.Name = rule.Column;
        }
    }

    private static void CheckRegex(string pattern, string at, List<string> problems)
    {
        try
        {
            _ = ValueParser.MappingRegex(pattern);
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{at}: not a valid regular expression: {ex.Message}");
        }
        catch (NotSupportedException)
        {
            // Patterns run without backtracking (linear time, so no pattern can hang an import).
            problems.Add($"{at}: backreferences, lookarounds and atomic groups are not supported in mapping patterns; rewrite \"{pattern}\" without them.");
        }
    }

    private static void CheckEncoding(string? name, string at, List<string> problems)
    {
        if (name is not null && FileEncodings.Resolve(name) is null)
            problems.Add($"{at}: unknown encoding \"{name}\" (try utf-8, utf-16, utf-16be, big5, gb18030, shift_jis, windows-1252).");
    }

    private static void CheckCulture(string? name, string at, List<string> problems)
    {
        if (name is not null && ValueParser.TryCulture(name) is null)
            problems.Add($"{at}: unknown culture \"{name}\".");
    }

    private static void CheckDelimiter(string? delimiter, string at, List<string> problems)
    {
        if (delimiter is not null && ImportFiles.DelimiterChar(delimiter) is null)
            problems.Add($"{at}: one character, or \"tab\".");
    }
}

/// <summary>A field given as a plain string is a column name; otherwise the object form.</summary>
internal sealed class FieldMappingConverter : JsonConverter<FieldMapping>
{
    /// <summary>The mapping options without this converter, so the object form deserialises with the defaults.</summary>
    private static readonly Lazy<JsonSerializerOptions> ObjectForm = new(() =>
    {
        var options = new JsonSerializerOptions(ImportMappings.JsonOptions);
        options.Converters.Clear();
        return options;
    });

    public override FieldMapping? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return new FieldMapping { Column = reader.GetString() };
        if (reader.TokenType == JsonTokenType.StartArray)
            return new FieldMapping { Columns = JsonSerializer.Deserialize<List<string>>(ref reader, ObjectForm.Value), IsColumnArray = true };
        var mapping = JsonSerializer.Deserialize<FieldMapping>(ref reader, ObjectForm.Value);
        if (mapping?.Codes is { } codes)
            mapping.Codes = new Dictionary<string, string>(codes, StringComparer.OrdinalIgnoreCase);
        return mapping;
    }

    public override void Write(Utf8JsonWriter writer, FieldMapping value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Mappings are read, not written.");
}
