using System.Globalization;
using System.Text;
using Npgsql;

namespace Forecast.Core.Ingest;

/// <summary>
/// One target's rows in staging, checked and applied set-based in SQL: duplicate keys, merging rows that share a
/// key, references to rows in the database or in this import, then the upsert by (source_system, source_key).
/// </summary>
internal sealed class StagedTarget(StagingFile file, TargetPlan plan, string fileName)
{
    public TargetPlan Plan => plan;
    public int FileOrder { get; init; }

    /// <summary>The rows to apply: a subquery over the staging table, or the merged table.</summary>
    public string Relation { get; private set; } = "";

    private string BaseRelation()
    {
        var cols = new List<string> { "line", $"{plan.Prefix}key AS source_key" };
        cols.AddRange(plan.Fields.SelectMany(StagedColumns).Select(c => $"{plan.Prefix}{c} AS {c}"));
        return $"(SELECT {string.Join(", ", cols)} FROM {file.Table} WHERE {plan.Prefix}key IS NOT NULL)";
    }

    /// <summary>A field's staged columns: a reference is staged as the referred row's system and key.</summary>
    private static string[] StagedColumns(FieldPlan f) =>
        f.IsReference ? [$"{f.Field.Column}_system", $"{f.Field.Column}_key"] : [f.Field.Column];

    /// <summary>Duplicate keys (reject) or disagreeing duplicates (same); then merges into a table where needed.</summary>
    public async Task PrepareAsync(NpgsqlConnection connection, ImportReport report, CancellationToken cancellationToken)
    {
        var baseRelation = BaseRelation();
        var mode = plan.Mapping.Duplicates;
        if (mode == "reject")
        {
            var sql = $"""
                SELECT source_key, min(line), max(line), count(*) OVER ()
                FROM {baseRelation} s GROUP BY source_key HAVING count(*) > 1
                ORDER BY 2 LIMIT @room
                """;
            await using var command = ImportSql.Command(sql, connection);
            command.Parameters.AddWithValue("room", Math.Max(report.ErrorsRoomLeft, 1));
            await ReadErrorsAsync(command, report, r => (r.GetInt64(2), plan.KeyLabel, r.GetString(0),
                string.Create(CultureInfo.InvariantCulture, $"duplicate key: line {r.GetInt64(1)} of this file has the same key")), cancellationToken);
        }

        if (!plan.NeedsFinalTable)
        {
            Relation = baseRelation;
            plan.Report.Rows = plan.Report.Staged;
            return;
        }

        // One row per key, chosen by hashing (the first or last line of each key, sums alongside), then joined back
        // by line: hash aggregates and joins, no sort of the wide staged rows.
        var table = $"{file.Table}_t{plan.Index}";
        var pick = plan.Merges
            ? $"""
                JOIN (SELECT {(mode == "last" ? "max" : "min")}(line) AS line{string.Concat(plan.Fields.Where(f => f.Summed).Select(f => $", sum({f.Field.Column})::{f.Field.SqlType} AS {f.Field.Column}"))}
                      FROM {baseRelation} g GROUP BY source_key) p ON p.line = b.line
                """
            : "";
        var columns = new List<string> { "b.line", "b.source_key" };
        foreach (var f in plan.Fields)
        {
            var c = f.Field.Column;
            if (f.IsReference)
                columns.AddRange(StagedColumns(f).Select(x => "b." + x));
            else if (f.OrdinalWithin is { } within)
                columns.Add($"row_number() OVER (PARTITION BY b.{within.Field.Column}_system COLLATE \"C\", b.{within.Field.Column}_key COLLATE \"C\" ORDER BY b.line)::integer AS {c}");
            else if (f.Summed)
                columns.Add($"p.{c}");
            else
                columns.Add($"b.{c}");
        }
        await using (var create = ImportSql.Command(
            $"CREATE TEMP TABLE {table} ON COMMIT DROP AS SELECT {string.Join(", ", columns)} FROM {baseRelation} b {pick}; ANALYZE {table}; SELECT count(*) FROM {table}", connection))
            plan.Report.Rows = (long)(await create.ExecuteScalarAsync(cancellationToken))!;
        if (plan.Merges && plan.Report.Staged > plan.Report.Rows)
        {
            plan.Report.Merged = plan.Report.Staged - plan.Report.Rows;
            plan.Report.MergedBy = mode;
            report.Warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{fileName}: {plan.Report.Merged:N0} {plan.Entity.Name} row(s) shared a key ({plan.KeyLabel}) with another row and were merged into it (duplicates: {mode}); if they are different records, key the target by a column that tells them apart"));
        }

        if (mode == "same")
        {
            var compared = plan.Fields.Where(f => !f.Summed && !f.IsOrdinal)
                .SelectMany(StagedColumns)
                .ToList();
            if (compared.Count > 0)
            {
                var sql = $"""
                    SELECT b.source_key, k.line, b.line, count(*) OVER ()
                    FROM {baseRelation} b JOIN {table} k ON k.source_key = b.source_key
                    WHERE ({string.Join(", ", compared.Select(c => "b." + c))}) IS DISTINCT FROM ({string.Join(", ", compared.Select(c => "k." + c))})
                    ORDER BY b.line LIMIT @room
                    """;
                await using var command = ImportSql.Command(sql, connection);
                command.Parameters.AddWithValue("room", Math.Max(report.ErrorsRoomLeft, 1));
                await ReadErrorsAsync(command, report, r => (r.GetInt64(2), plan.KeyLabel, r.GetString(0),
                    string.Create(CultureInfo.InvariantCulture, $"rows with this key must agree, but line {r.GetInt64(1)} has other values")), cancellationToken);
            }
        }
        Relation = table;
    }

    /// <summary>References that name a row neither in the database nor staged for the same import.</summary>
    public async Task CheckReferencesAsync(NpgsqlConnection connection, IReadOnlyList<StagedTarget> all, ImportReport report, CancellationToken cancellationToken)
    {
        foreach (var f in plan.Fields.Where(f => f.IsReference))
        {
            var parent = IngestCatalog.Find(f.Field.References!)!;
            var c = f.Field.Column;
            var sql = new StringBuilder($"""
                SELECT s.line, s.{c}_key, s.{c}_system,
                       (SELECT string_agg(DISTINCT o.source_system, ', ') FROM {parent.QualifiedTable} o WHERE {Match("o", f)}),
                       count(*) OVER () FROM {Relation} s
                WHERE s.{c}_key IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM {parent.QualifiedTable} p WHERE p.source_system = s.{c}_system AND {Match("p", f)})
                """);
            foreach (var staged in all.Where(a => a.Plan.Entity == parent
                && (f.RefBy is null || a.Plan.Fields.Any(x => x.Field == f.RefBy))))
            {
                sql.Append(CultureInfo.InvariantCulture,
                    $"\n  AND NOT (s.{c}_system = '{staged.Plan.SourceSystem.Replace("'", "''", StringComparison.Ordinal)}' AND EXISTS (SELECT 1 FROM {staged.Relation} q WHERE {Match("q", f)}))");
            }
            sql.Append("\nORDER BY s.line LIMIT @room");
            await using var command = ImportSql.Command(sql.ToString(), connection);
            command.Parameters.AddWithValue("room", Math.Max(report.ErrorsRoomLeft, 1));
            await ReadErrorsAsync(command, report, r => (r.GetInt64(0), f.Label, r.GetString(1),
                $"unknown {Singular(parent.Name)}: no {parent.Name} row with {f.RefBy?.Name ?? "key"} '{r.GetString(1)}' (source system {r.GetString(2)}) in the database or in this import"
                + (r.IsDBNull(3) ? "" : OtherSystemHint(f, parent, r.GetString(3)))),
                cancellationToken);
            if (f.RefBy is { } by)
            {
                // A reference by email must name one rep: two with the same address would make the link a guess.
                await using var ambiguous = ImportSql.Command($"""
                    SELECT s.line, s.{c}_key, n, count(*) OVER () FROM (
                      SELECT s.line, s.{c}_key, (SELECT count(*) FROM {parent.QualifiedTable} p WHERE p.source_system = s.{c}_system AND {Match("p", f)}) AS n
                      FROM {Relation} s WHERE s.{c}_key IS NOT NULL) s
                    WHERE n > 1 ORDER BY s.line LIMIT @room
                    """, connection);
                ambiguous.Parameters.AddWithValue("room", Math.Max(report.ErrorsRoomLeft, 1));
                await ReadErrorsAsync(ambiguous, report, r => (r.GetInt64(0), f.Label, r.GetString(1),
                    string.Create(CultureInfo.InvariantCulture, $"{r.GetInt64(2)} {parent.Name} rows have {by.Name} '{r.GetString(1)}': refer to one by its key instead")), cancellationToken);
            }
        }
    }

    /// <summary>How a staged reference (of <c>s</c>) finds its row in <paramref name="alias"/>: by source key, or by the field the mapping names (without case).</summary>
    private static string Match(string alias, FieldPlan f) => f.RefBy is { } by
        ? $"lower({alias}.{by.Column}) = lower(s.{f.Field.Column}_key)"
        : $"{alias}.source_key = s.{f.Field.Column}_key";

    /// <summary>The row exists under another source system: say how to point at it (a mapping file, or a pushed record).</summary>
    private static string OtherSystemHint(FieldPlan field, TargetEntity parent, string systems)
    {
        var system = systems.Split(", ")[0];
        return $"; a {Singular(parent.Name)} with this key exists under source system {systems}: to refer to it, set \"system\": \"{system}\" on the field "
            + $"{field.Field.Name} in the mapping (or \"systemColumn\" for a column naming the system per row), or push {{\"system\": \"{system}\", \"key\": \"...\"}}";
    }

    private static string Singular(string entity) => entity switch
    {
        "customers" => "customer",
        "products" => "product",
        "sales-orders" => "sales order",
        "accounts" => "account",
        "reps" => "rep",
        "contacts" => "contact",
        "opportunities" => "opportunity",
        _ => entity,
    };

    private async Task ReadErrorsAsync(NpgsqlCommand command, ImportReport report,
        Func<NpgsqlDataReader, (long Line, string Column, string Value, string Reason)> describe, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long total = 0, listed = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            total = reader.GetInt64(reader.FieldCount - 1);
            if (report.ErrorsRoomLeft > 0)
            {
                var (line, column, value, reason) = describe(reader);
                report.AddError(fileName, line, column, value, reason);
                listed++;
            }
        }
        report.AddUnlistedErrors(total - listed);
    }

    /// <summary>
    /// Inserts new keys and updates changed rows; a row whose values are all equal is left untouched (not even
    /// its updated_at), so re-importing the same file counts 0 inserted and 0 updated.
    /// </summary>
    public async Task ApplyAsync(NpgsqlConnection connection, long runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = plan.Entity;
        var values = new List<string>();
        var joins = new StringBuilder();
        var compared = new List<string>();
        var r = 0;
        foreach (var f in plan.Fields)
        {
            var c = f.Field.Column;
            compared.Add(c);
            if (f.IsReference)
            {
                var parent = IngestCatalog.Find(f.Field.References!)!;
                if (f.RefBy is not null)
                {
                    // Not a join: a field other than the key is not unique, and a join would repeat the row.
                    values.Add($"(SELECT r.id FROM {parent.QualifiedTable} r WHERE r.source_system = s.{c}_system AND {Match("r", f)} ORDER BY r.id LIMIT 1) AS {c}");
                    continue;
                }
                joins.Append(CultureInfo.InvariantCulture,
                    $" LEFT JOIN {parent.QualifiedTable} r{r} ON r{r}.source_system = s.{c}_system AND r{r}.source_key = s.{c}_key");
                values.Add($"r{r}.id AS {c}");
                r++;
            }
            else
            {
                values.Add($"s.{c}");
            }
        }
        // Fields the mapping leaves out keep their value on update and take the entity default on insert.
        var defaults = entity.Fields.Where(f => f.Default is not null && plan.Fields.All(p => p.Field != f)).ToList();
        var insertColumns = new[] { "source_system", "source_key", "import_run_id", "updated_at" }.Concat(compared).Concat(defaults.Select(f => f.Column));
        var selects = new[] { "@system", "n.source_key", "@run", "@now" }.Concat(compared.Select(c => "n." + c))
            .Concat(defaults.Select(f => $"'{f.Default!.Replace("'", "''", StringComparison.Ordinal)}'::{f.SqlType}"));
        string Row(string alias) => $"({string.Join(", ", compared.Select(c => $"{alias}.{c}"))})";

        // Unchanged rows are dropped by a hash join before the upsert: ON CONFLICT would lock (and so write) every
        // conflicting row even when its WHERE then leaves it alone, which makes a no-op re-import cost as much as an update.
        var sql = $"""
            WITH up AS (
              INSERT INTO {entity.QualifiedTable} AS t ({string.Join(", ", insertColumns)})
              SELECT {string.Join(", ", selects)}
              FROM (SELECT s.source_key, {string.Join(", ", values)} FROM {Relation} s{joins}) n
              LEFT JOIN {entity.QualifiedTable} cur ON cur.source_system = @system AND cur.source_key = n.source_key
              WHERE cur.id IS NULL OR {Row("cur")} IS DISTINCT FROM {Row("n")}
              ON CONFLICT (source_system, source_key) DO UPDATE SET
                {string.Join(", ", compared.Select(c => $"{c} = excluded.{c}"))}, import_run_id = excluded.import_run_id, updated_at = excluded.updated_at
              WHERE {Row("t")} IS DISTINCT FROM {Row("excluded")}
              RETURNING (xmax = 0) AS inserted)
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
            """;
        // A big batch goes in faster with the table's foreign keys and secondary indexes rebuilt once afterwards (one
        // set-based validation, one sort per index) than maintained row by row. The import's transaction then holds the
        // table exclusively until it commits, which is why small batches (pushes, daily increments) do not do it.
        var rebuild = plan.Report.Rows >= BulkRebuildThresholdRows && await IsMostlyNewAsync(connection, entity.QualifiedTable, plan.Report.Rows, cancellationToken)
            ? await SuspendSecondaryStructuresAsync(connection, entity.QualifiedTable, cancellationToken)
            : [];
        await using var command = ImportSql.Command(sql, connection);
        command.Parameters.AddWithValue("system", plan.SourceSystem);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        plan.Report.Inserted = reader.GetInt64(0);
        plan.Report.Updated = reader.GetInt64(1);
        plan.Report.Unchanged = plan.Report.Rows - plan.Report.Inserted - plan.Report.Updated;
        await reader.DisposeAsync();
        foreach (var statement in rebuild)
        {
            await using var restore = ImportSql.Command(statement, connection);
            await restore.ExecuteNonQueryAsync(cancellationToken);
        }
        if (plan.Report.Inserted > 1000)
        {
            // Children applied next join this table: without fresh statistics the planner thinks it is still empty.
            await using var analyze = ImportSql.Command($"ANALYZE {entity.QualifiedTable}", connection);
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Rows from which a batch rebuilds the table's foreign keys and secondary indexes instead of maintaining them.</summary>
    internal const long BulkRebuildThresholdRows = 100_000;

    /// <summary>A first load or a batch bigger than the table (the planner's estimate): mostly inserts, not a re-import.</summary>
    private static async Task<bool> IsMostlyNewAsync(NpgsqlConnection connection, string table, long batchRows, CancellationToken cancellationToken)
    {
        await using var command = ImportSql.Command("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = @table::regclass", connection);
        command.Parameters.AddWithValue("table", table);
        var existing = (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
        return existing < batchRows;
    }

    /// <summary>
    /// Drops the foreign keys and the non-unique indexes of <paramref name="table"/> (inside the import's transaction) and
    /// returns the statements that put them back. Unique indexes stay: the upsert needs them.
    /// </summary>
    private static async Task<List<string>> SuspendSecondaryStructuresAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var restore = new List<string>();
        var drop = new List<string>();
        await using (var command = ImportSql.Command("""
            SELECT 'ALTER TABLE ' || @table || ' DROP CONSTRAINT ' || quote_ident(conname),
                   'ALTER TABLE ' || @table || ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
              FROM pg_constraint WHERE conrelid = @table::regclass AND contype = 'f'
            UNION ALL
            SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i WHERE i.indrelid = @table::regclass AND NOT i.indisunique AND NOT i.indisprimary
            """, connection))
        {
            command.Parameters.AddWithValue("table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add(reader.GetString(0));
                restore.Add(reader.GetString(1));
            }
        }
        foreach (var statement in drop)
        {
            await using var command = ImportSql.Command(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return restore;
    }
}
