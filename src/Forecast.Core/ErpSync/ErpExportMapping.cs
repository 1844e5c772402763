using System.Globalization;
using System.Text;
using Forecast.Core.Data;
using Forecast.Core.Ingest;

namespace Forecast.Core.ErpSync;

/// <summary>
/// The import's mapping language read in reverse, for an ERP that takes files instead of an API: a file's target names an
/// entity (<c>customers</c>, <c>sales-orders</c>, <c>sales-order-lines</c>, <c>purchase-proposals</c>) and each field
/// the column it is written to, with the same date formats (ROC years too), decimal commas, cultures and code lists
/// (our value written as its first code). Without <c>purchase-proposals</c> and a customer's <c>phone</c> it is also an import mapping, so the
/// ERP's own export layout can be the layout of the drop.
/// </summary>
public static class ErpExportMappings
{
    private const string ResourcePrefix = "Forecast.Core.ErpSync.Mappings.";

    /// <summary>What a drop can hold: the import's entities for customers and orders (plus a customer's phone), and purchase proposals.</summary>
    public static IReadOnlyList<TargetEntity> Entities { get; } =
    [
        IngestCatalog.Find("customers")! with { Fields = [.. IngestCatalog.Find("customers")!.Fields, new TargetField("phone", "phone", FieldType.Text, "text")] },
        IngestCatalog.Find("sales-orders")!,
        IngestCatalog.Find("sales-order-lines")!,
        new("purchase-proposals", "erp", "erpsync", "", [
            new("proposalKey", "", FieldType.Text, "text"), new("supplier", "", FieldType.Text, "text"), new("product", "", FieldType.Text, "text"),
            new("quantity", "", FieldType.Decimal, "numeric"), new("unit", "", FieldType.Text, "text"), new("orderBy", "", FieldType.Date, "date"),
            new("suggestedQuantity", "", FieldType.Decimal, "numeric"), new("planAsOf", "", FieldType.Date, "date"),
            new("approvedBy", "", FieldType.Text, "text"), new("approvedAtUtc", "", FieldType.Text, "text"),
        ]),
    ];

    /// <summary>A shipped export mapping by name (<c>erp-documents</c>) or a mapping file by path; every problem is reported at once.</summary>
    public static ImportMapping Load(string nameOrPath)
    {
        var resource = typeof(ErpExportMappings).Assembly.GetManifestResourceStream(ResourcePrefix + nameOrPath.ToLowerInvariant() + ".json");
        if (resource is null && !File.Exists(nameOrPath))
            throw new MappingException($"No export mapping '{nameOrPath}': give a path to a mapping JSON file or the shipped 'erp-documents'.");
        using var stream = resource ?? File.OpenRead(nameOrPath);
        return Parse(stream, resource is null ? Path.GetFileNameWithoutExtension(nameOrPath) : nameOrPath);
    }

    public static ImportMapping Parse(Stream json, string name) => ImportMappings.Parse(json, name, Validate);

    /// <summary>Every problem, each with its place in the file (<c>files[1].targets[0].fields.status</c>).</summary>
    public static List<string> Validate(ImportMapping mapping)
    {
        var problems = new List<string>();
        if (mapping.System != "erp")
            problems.Add($"system: an export mapping is for \"erp\", not \"{mapping.System}\".");
        if ((mapping.Files?.Count ?? 0) == 0)
            problems.Add("files: the mapping names no file.");
        CheckFormat(mapping.Encoding, mapping.Delimiter, mapping.Culture, "", problems);
        for (var f = 0; f < (mapping.Files?.Count ?? 0); f++)
        {
            var file = mapping.Files![f];
            var at = $"files[{f}]";
            if (file is null || string.IsNullOrWhiteSpace(file.File) || file.File.IndexOfAny(['*', '?', '/', '\\']) >= 0)
                problems.Add($"{at}.file: give the file name the ERP reads, without wildcards or folders.");
            if (file?.Targets is not { Count: 1 })
            {
                problems.Add($"{at}.targets: an exported file holds exactly one entity.");
                continue;
            }
            CheckFormat(file.Encoding, file.Delimiter, file.Culture, at + ".", problems);
            var target = file.Targets[0];
            var entity = Entities.FirstOrDefault(e => string.Equals(e.Name, target?.Entity, StringComparison.OrdinalIgnoreCase));
            if (entity is null)
            {
                problems.Add($"{at}.targets[0].entity: \"{target?.Entity}\" cannot be exported; these can: {string.Join(", ", Entities.Select(e => e.Name))}.");
                continue;
            }
            if (target!.Fields is not { Count: > 0 })
                problems.Add($"{at}.targets[0].fields: name the columns to write.");
            foreach (var (fieldName, fm) in target.Fields ?? [])
            {
                var fat = $"{at}.targets[0].fields.{fieldName}";
                var field = entity.Field(fieldName);
                if (field is null)
                    problems.Add($"{fat}: {entity.Name} has no field \"{fieldName}\"; its fields: {string.Join(", ", entity.Fields.Select(x => x.Name))}.");
                else if (fm is null || (fm.Column is null && fm.Constant is null && fm.Value is null && fm.OrdinalWithin is null))
                    problems.Add($"{fat}: give the column it is written to.");
                else if (fm.Columns is { Count: > 1 })
                    problems.Add($"{fat}: a field is written to one column.");
                else if (fm.AllFormats.Count > 0 && field.Type != FieldType.Date)
                    problems.Add($"{fat}.format: only date fields take a format.");
                else if (fm.Calendar is not null and not "roc" and not "gregorian")
                    problems.Add($"{fat}.calendar: \"roc\" or \"gregorian\".");
                else if (fm.Culture is not null && ValueParser.TryCulture(fm.Culture) is null)
                    problems.Add($"{fat}.culture: unknown culture \"{fm.Culture}\".");
            }
        }
        return problems;
    }

    private static void CheckFormat(string? encoding, string? delimiter, string? culture, string at, List<string> problems)
    {
        if (encoding is not null && FileEncodings.Resolve(encoding) is null)
            problems.Add($"{at}encoding: unknown encoding \"{encoding}\".");
        if (delimiter is not null && ImportFiles.DelimiterChar(delimiter) is null)
            problems.Add($"{at}delimiter: one character, or \"tab\".");
        if (culture is not null && ValueParser.TryCulture(culture) is null)
            problems.Add($"{at}culture: unknown culture \"{culture}\".");
    }

    /// <summary>
    /// One cell as the mapping says the ERP reads it: the code of our value if the field has a code list, dates in the
    /// field's first format (a ROC year where asked), numbers in its culture or with a decimal comma; empty for null.
    /// </summary>
    public static string Format(object? value, TargetField field, FieldMapping mapping, string? fileCulture)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(mapping);
        if (value is null)
            return "";
        var culture = ValueParser.TryCulture(mapping.Culture ?? fileCulture) ?? CultureInfo.InvariantCulture;
        var numbers = (NumberFormatInfo)culture.NumberFormat.Clone();
        if (mapping.DecimalComma == true)
        {
            numbers.NumberDecimalSeparator = ",";
            numbers.NumberGroupSeparator = ".";
        }
        var text = value switch
        {
            DateOnly date => FormatDate(date, mapping.AllFormats.Count > 0 ? mapping.AllFormats[0] : "yyyy-MM-dd", mapping.Calendar == "roc"),
            decimal d => d.ToString("0.######", numbers),
            int i => i.ToString(numbers),
            bool b => b ? "true" : "false",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        if (mapping.Codes is { Count: > 0 } codes && codes.FirstOrDefault(c => string.Equals(c.Value, text, StringComparison.OrdinalIgnoreCase)) is { Key: { } code })
            return code;
        return text;
    }

    private static string FormatDate(DateOnly date, string format, bool roc)
    {
        if (!roc)
            return date.ToString(format, CultureInfo.InvariantCulture);
        // The year run becomes a literal Minguo year (1911 less), padded to the run's width as the import reads it.
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length;)
        {
            var run = 1;
            while (i + run < format.Length && format[i + run] == format[i])
                run++;
            builder.Append(format[i] == 'y' ? "'" + (date.Year - 1911).ToString(new string('0', run), CultureInfo.InvariantCulture) + "'" : format.AsSpan(i, run));
            i += run;
        }
        return date.ToString(builder.ToString(), CultureInfo.InvariantCulture);
    }

    /// <summary>The rows one document writes, by entity, with our field names.</summary>
    internal static IEnumerable<(string Entity, Dictionary<string, object?> Row)> Rows(object document) => document switch
    {
        CustomerDocument c => [("customers", new(StringComparer.OrdinalIgnoreCase)
        {
            ["code"] = c.Code, ["name"] = c.Name, ["taxId"] = c.TaxId, ["country"] = c.Country, ["language"] = c.Language, ["email"] = c.Email,
            ["paymentTermsDays"] = c.PaymentTermsDays, ["phone"] = c.Phone,
        })],
        SalesOrderDocument o => [("sales-orders", new(StringComparer.OrdinalIgnoreCase)
        {
            ["orderNumber"] = o.OrderNumber, ["customer"] = o.Customer, ["orderDate"] = o.OrderDate, ["requestedDate"] = o.RequestedDate,
            ["status"] = o.Status, ["currency"] = o.Currency, ["externalReference"] = o.ExternalReference,
        }), .. o.Lines.Select(l => ("sales-order-lines", new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["salesOrder"] = o.OrderNumber, ["lineNumber"] = l.LineNumber, ["product"] = l.Product, ["quantity"] = l.Quantity, ["unitPrice"] = l.UnitPrice,
            ["isReturn"] = false,
        }))],
        PurchaseProposalDocument p => [("purchase-proposals", new(StringComparer.OrdinalIgnoreCase)
        {
            ["proposalKey"] = p.ProposalKey, ["supplier"] = p.Supplier, ["product"] = p.Sku, ["quantity"] = p.Quantity, ["unit"] = p.Unit,
            ["orderBy"] = p.OrderBy, ["suggestedQuantity"] = p.SuggestedQuantity, ["planAsOf"] = p.PlanAsOf, ["approvedBy"] = p.ApprovedBy,
            ["approvedAtUtc"] = p.ApprovedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        })],
        _ => throw new ArgumentException($"No rows for {document.GetType().Name}.", nameof(document)),
    };

    /// <summary>Which entity names a document kind writes.</summary>
    internal static IReadOnlyList<string> EntitiesOf(string kind) => kind switch
    {
        ErpDocumentKinds.Customer => ["customers"],
        ErpDocumentKinds.SalesOrder => ["sales-orders", "sales-order-lines"],
        ErpDocumentKinds.PurchaseProposal => ["purchase-proposals"],
        _ => [],
    };
}
