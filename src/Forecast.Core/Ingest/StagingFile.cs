using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Forecast.Core.Ingest;

/// <summary>
/// One source (file or pushed batch) staged in a temporary table by binary COPY: one row per source row, with the
/// typed columns of every target the source feeds (<c>t0_...</c>, <c>t1_...</c>), so a file is read once however many
/// entities it feeds. Row-level problems (types, codes, required values, negative quantities) are found here.
/// </summary>
internal sealed class StagingFile(int index, RowSource source, IReadOnlyList<TargetPlan> targets, List<SkipPlan> skip, FileReport report)
{
    public string Table { get; } = $"ingest_stage_{index}";

    private IEnumerable<(string Name, string SqlType)> Columns()
    {
        yield return ("line", "bigint");
        foreach (var t in targets)
        {
            yield return (t.Prefix + "key", "text");
            foreach (var f in t.Fields)
            {
                if (f.IsReference)
                {
                    yield return ($"{t.Prefix}{f.Field.Column}_system", "text");
                    yield return ($"{t.Prefix}{f.Field.Column}_key", "text");
                }
                else
                {
                    yield return (t.Prefix + f.Field.Column, f.Field.SqlType);
                }
            }
        }
    }

    /// <summary>Reads every row into the staging table. Synchronous: Sep rows are stack-only, and COPY is one stream.</summary>
    public void Load(NpgsqlConnection connection, ImportReport import, Action<long>? progress, CancellationToken cancellationToken)
    {
        var columns = Columns().ToList();
        using (var create = ImportSql.Command(
            $"CREATE TEMP TABLE {Table} ({string.Join(", ", columns.Select(c => $"{c.Name} {c.SqlType}"))}) ON COMMIT DROP", connection))
            create.ExecuteNonQuery();

        var width = source.Header.Count;
        var row = new RowBuffer();
        var values = targets.Select(t => new FieldValue[t.Fields.Count]).ToArray();
        var ok = targets.Select(t => new bool[t.Fields.Count]).ToArray();
        using var copy = connection.BeginBinaryImport(
            $"COPY {Table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)");
        copy.Timeout = TimeSpan.Zero;
        while (true)
        {
            bool more;
            try
            {
                more = source.Read(row);
            }
            catch (DecoderFallbackException)
            {
                import.AddError(source.Name, row.Line + 1, "", "",
                    "bytes that are not valid in the file's encoding near this line; this file looks like another encoding: set \"encoding\" in the mapping and import again");
                break;
            }
            catch (InvalidDataException)
            {
                import.AddError(source.Name, row.Line + 1, "", "",
                    "the compressed file is corrupt after this line (not valid gzip data): compress or export the file again");
                break;
            }
            if (!more)
                break;
            report.RowsRead++;
            if ((report.RowsRead & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(report.RowsRead);
            }
            if (row.Count != width)
            {
                if (row.Count == 1 && row[0].Trim().IsEmpty)
                {
                    report.RowsRead--;
                    continue;
                }
                import.AddError(source.Name, row.Line, "", Preview(row), $"the row has {row.Count} cells; the header has {width}");
                continue;
            }
            if (SkipBy(skip, row, import))
                continue;

            copy.StartRow();
            copy.Write((long)row.Line, NpgsqlDbType.Bigint);
            for (var t = 0; t < targets.Count; t++)
                WriteTarget(copy, targets[t], row, values[t], ok[t], import);
        }
        copy.Complete();
        progress?.Invoke(report.RowsRead);
    }

    /// <summary>Whether a rule skips the row; a rule whose pattern times out reports the row (and keeps it out of staging).</summary>
    private bool SkipBy(List<SkipPlan> rules, RowBuffer row, ImportReport import)
    {
        foreach (var rule in rules)
        {
            bool applies;
            try
            {
                applies = rule.Applies(row);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                import.AddError(source.Name, row.Line, rule.Column, "", string.Create(CultureInfo.InvariantCulture,
                    $"the skip rule \"{rule.Name}\" (pattern \"{rule.Pattern}\") took over {ValueParser.MatchTimeout.TotalSeconds:N0} s on this cell: simplify the pattern"));
                return true;
            }
            if (applies)
            {
                rule.Count++;
                return true;
            }
        }
        return false;
    }

    private void WriteTarget(NpgsqlBinaryImporter copy, TargetPlan target, RowBuffer row, FieldValue[] values, bool[] ok, ImportReport import)
    {
        var key = SkipBy(target.Skip, row, import) ? null : Key(target, row, import);
        if (key is null)
        {
            WriteNulls(copy, target);
            return;
        }
        target.Report.Staged++;
        for (var i = 0; i < target.Fields.Count; i++)
            ok[i] = Read(target.Fields[i], row, key, import, out values[i]);

        if (target.NonNegative is { } quantity)
        {
            var q = target.Fields.IndexOf(quantity);
            var flag = target.NonNegativeUnless is { } unless ? target.Fields.IndexOf(unless) : -1;
            var isReturn = flag >= 0 && ok[flag] && !values[flag].IsNull && values[flag].Boolean;
            if (ok[q] && !values[q].IsNull && values[q].Decimal < 0 && !isReturn)
            {
                import.AddError(source.Name, row.Line, quantity.Label, CellText(quantity, row), target.NonNegativeUnless is null
                    ? "negative value where only 0 or more makes sense (a cost, a price)"
                    : "negative quantity on a line that is not a return (mark the line as a return, or correct the quantity)");
                ok[q] = false;
            }
        }

        if (target.Stages is not null)
            CanonicalStage(target, values, ok);

        copy.Write(key, NpgsqlDbType.Text);
        for (var i = 0; i < target.Fields.Count; i++)
        {
            var field = target.Fields[i];
            var value = values[i];
            if (field.IsReference)
            {
                if (!ok[i] || value.IsNull)
                {
                    copy.WriteNull();
                    copy.WriteNull();
                    continue;
                }
                var system = field.RefSystemColumn >= 0 && !row[field.RefSystemColumn].Trim().IsEmpty
                    ? row[field.RefSystemColumn].Trim().ToString()
                    : field.RefSystem!;
                copy.Write(system, NpgsqlDbType.Text);
                copy.Write(value.Text!, NpgsqlDbType.Text);
                continue;
            }
            if (!ok[i] || value.IsNull)
            {
                copy.WriteNull();
                continue;
            }
            switch (field.Field.Type)
            {
                case FieldType.Text:
                case FieldType.Enum:
                    copy.Write(value.Text!, NpgsqlDbType.Text);
                    break;
                case FieldType.Integer:
                    copy.Write(value.Integer, NpgsqlDbType.Integer);
                    break;
                case FieldType.Decimal:
                    copy.Write(value.Decimal, NpgsqlDbType.Numeric);
                    break;
                case FieldType.Date:
                    copy.Write(value.Date, NpgsqlDbType.Date);
                    break;
                case FieldType.Boolean:
                    copy.Write(value.Boolean, NpgsqlDbType.Boolean);
                    break;
                case FieldType.TextList:
                    copy.Write(value.List!, NpgsqlDbType.Array | NpgsqlDbType.Text);
                    break;
                default:
                    throw new InvalidOperationException($"Cannot stage {field.Field.Type}.");
            }
        }
    }

    /// <summary>A known stage in any casing takes its canonical spelling (the priors match it exactly); an unknown one of an open deal is counted.</summary>
    private static void CanonicalStage(TargetPlan target, FieldValue[] values, bool[] ok)
    {
        var stage = target.Fields.FindIndex(f => f.Field.Name == "stage");
        if (stage < 0 || !ok[stage] || values[stage].IsNull)
            return;
        if (target.Stages!.TryGetValue(values[stage].Text!, out var canonical))
        {
            values[stage].Text = canonical;
            return;
        }
        var outcome = target.Fields.FindIndex(f => f.Field.Name == "outcome");
        var open = outcome < 0 || !ok[outcome] || values[outcome].IsNull || values[outcome].Text == nameof(Data.OpportunityOutcome.Open);
        if (!open)
            return;
        var unknown = target.Report.UnknownStages ??= new Dictionary<string, long>(StringComparer.Ordinal);
        if (unknown.Count < 50 || unknown.ContainsKey(values[stage].Text!))
            unknown[values[stage].Text!] = unknown.GetValueOrDefault(values[stage].Text!) + 1;
    }

    private static void WriteNulls(NpgsqlBinaryImporter copy, TargetPlan target)
    {
        copy.WriteNull();
        foreach (var f in target.Fields)
        {
            copy.WriteNull();
            if (f.IsReference)
                copy.WriteNull();
        }
    }

    private string? Key(TargetPlan target, RowBuffer row, ImportReport import)
    {
        if (target.KeyColumns.Length == 1)
        {
            var cell = row[target.KeyColumns[0]].Trim();
            if (!cell.IsEmpty)
                return Checked(cell.ToString());
        }
        else
        {
            var builder = new StringBuilder();
            var complete = true;
            foreach (var column in target.KeyColumns)
            {
                var cell = row[column].Trim();
                complete &= !cell.IsEmpty;
                if (builder.Length > 0)
                    builder.Append('/');
                builder.Append(cell);
            }
            if (complete)
                return Checked(builder.ToString());
        }
        import.AddError(source.Name, row.Line, target.KeyLabel, "", $"the key of a {target.Entity.Name} row is empty");
        return null;

        string? Checked(string key)
        {
            if (TextChecks.Problem(key, ImportLimits.MaxKeyLength) is not { } problem)
                return key;
            import.AddError(source.Name, row.Line, target.KeyLabel, key, $"the key of a {target.Entity.Name} row has {problem}");
            return null;
        }
    }

    private bool Read(FieldPlan field, RowBuffer row, string key, ImportReport import, out FieldValue value)
    {
        if (field.Constant is { } constant)
        {
            value = constant;
            return true;
        }
        if (field.IsOrdinal)
        {
            value = FieldValue.Null;
            return true;
        }
        string? reason;
        bool parsed;
        if (field.FromKey)
        {
            parsed = field.Parser.TryParse(key, out value, out reason);
        }
        else if (field.IsList)
        {
            return ReadList(field, row, import, out value);
        }
        else if (field.Columns.Length == 1)
        {
            var cell = row[field.Columns[0]];
            parsed = field.Parser.TryParse(cell, out value, out reason);
            if (parsed && field.Field.Type == FieldType.Text && !value.IsNull && LooksLikeFormula(value.Text!))
                report.FormulaLikeCells++;
        }
        else
        {
            parsed = field.Parser.TryParse(CellText(field, row), out value, out reason);
        }

        if (!parsed)
        {
            import.AddError(source.Name, row.Line, field.Label, CellText(field, row), reason!);
            return false;
        }
        if (field.RefSystemColumn >= 0 && !value.IsNull)
        {
            var system = row[field.RefSystemColumn].Trim();
            if (TextChecks.Problem(system, ImportLimits.MaxSourceSystemLength) is { } problem)
            {
                import.AddError(source.Name, row.Line, field.SystemLabel, system.ToString(), $"the source system of the reference has {problem}");
                return false;
            }
        }
        if (value.IsNull && field.Default is { } @default)
            value = @default;
        if (value.IsNull && field.Field.Required)
        {
            import.AddError(source.Name, row.Line, field.Label, "", $"{field.Field.Name} is required");
            return false;
        }
        return true;
    }

    /// <summary>
    /// A list field: each mapped column is one value (a customer's English name in one column, its short name in
    /// another); empty cells and repeats are dropped, so the list is the same however often the row is imported.
    /// </summary>
    private bool ReadList(FieldPlan field, RowBuffer row, ImportReport import, out FieldValue value)
    {
        var items = new List<string>(field.Columns.Length);
        for (var c = 0; c < field.Columns.Length; c++)
        {
            var cell = row[field.Columns[c]];
            if (!field.Parser.TryParse(cell, out var item, out var reason))
            {
                import.AddError(source.Name, row.Line, field.ColumnNames[c], cell.Trim().ToString(), reason!);
                value = default;
                return false;
            }
            if (item.IsNull || items.Contains(item.Text!, StringComparer.Ordinal))
                continue;
            if (LooksLikeFormula(item.Text!))
                report.FormulaLikeCells++;
            items.Add(item.Text!);
        }
        value = new FieldValue { List = [.. items] };
        return true;
    }

    /// <summary>
    /// Cells a spreadsheet would run as a formula (OWASP CSV injection): kept as text, and counted. A leading + or -
    /// counts only with letters or DDE characters after it, so phone numbers (+886-2-...) and negative numbers do not.
    /// </summary>
    private static bool LooksLikeFormula(string text) => text.Length > 0 && (text[0] is '=' or '@' or '\t' or '\r'
        || (text[0] is '+' or '-' && text.AsSpan(1).IndexOfAny(FormulaMarks) >= 0));

    private static readonly System.Buffers.SearchValues<char> FormulaMarks =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz|!");

    private static string CellText(FieldPlan field, RowBuffer row) =>
        field.Columns.Length == 0 ? "" : string.Join("/", field.Columns.Select(c => row[c].Trim().ToString()));

    private static string Preview(RowBuffer row)
    {
        var cells = new List<string>();
        for (var i = 0; i < Math.Min(row.Count, 8); i++)
            cells.Add(row[i].ToString());
        return string.Join(",", cells);
    }

    public IEnumerable<StagedTarget> StagedTargets(int fileOrder) => targets.Select(t => new StagedTarget(this, t, source.Name) { FileOrder = fileOrder });
}
