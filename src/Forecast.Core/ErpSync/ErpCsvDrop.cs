using System.Globalization;
using System.Text;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using nietras.SeparatedValues;

namespace Forecast.Core.ErpSync;

/// <summary>A CSV drop: its folder (null: nothing to export), the documents in it, and those the layout cannot hold (they stay pending).</summary>
public sealed record ErpDropResult(string? Folder, int Documents, int NotInLayout);

/// <summary>
/// ERP documents as CSV files in the ERP's own layout (an <see cref="ErpExportMappings"/> mapping), for an ERP without an
/// API. Each drop is one folder holding one file per file of the mapping, written under a temporary name and renamed
/// when every file is on disk, so the ERP never reads a header file without its lines; only then are the documents
/// marked exported, so a failed drop loses nothing and the next one holds them again.
/// </summary>
public sealed class ErpCsvDrop(ForecastDbContext db, IOptions<ErpDocumentOptions> options, TimeProvider time)
{
    public async Task<ErpDropResult> ExportToDirectoryAsync(string directory, string? mappingNameOrPath, CancellationToken cancellationToken)
    {
        var mapping = ErpExportMappings.Load(mappingNameOrPath ?? options.Value.ExportMapping);
        var laidOut = mapping.Files.Select(f => f.Targets[0].Entity).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // A kind is exported when the layout has a file for its main entity (an order's header); its other rows go where the layout puts them.
        var kinds = ErpDocumentKinds.All.Where(k => laidOut.Contains(ErpExportMappings.EntitiesOf(k)[0])).ToList();
        var pending = db.Set<ErpDocument>().AsNoTracking().Where(d => d.ExportedAt == null);
        var notInLayout = await pending.CountAsync(d => !kinds.Contains(d.Kind), cancellationToken);
        var documents = await pending.Where(d => kinds.Contains(d.Kind)).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        if (documents.Count == 0)
            return new ErpDropResult(null, 0, notInLayout);

        var rows = documents.SelectMany(d => ErpExportMappings.Rows(ErpDocuments.Read(d))).ToLookup(r => r.Entity, r => r.Row, StringComparer.OrdinalIgnoreCase);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var folder = Path.Combine(directory, $"erp-documents-{stamp}-{documents[^1].Id.ToString(CultureInfo.InvariantCulture)}");
        var temporary = folder + ".partial";
        Directory.CreateDirectory(temporary);
        try
        {
            foreach (var file in mapping.Files)
            {
                await using var stream = new FileStream(Path.Combine(temporary, file.File), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14, useAsync: true);
                Write(stream, mapping, file, rows[file.Targets[0].Entity]);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            Directory.Move(temporary, folder);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
        var ids = documents.Select(d => d.Id).ToList();
        var now = time.GetUtcNow();
        await db.Set<ErpDocument>().Where(d => ids.Contains(d.Id) && d.ExportedAt == null).ExecuteUpdateAsync(s => s.SetProperty(d => d.ExportedAt, now), CancellationToken.None);
        return new ErpDropResult(folder, documents.Count, notInLayout);
    }

    private static void Write(Stream stream, ImportMapping mapping, FileMapping file, IEnumerable<Dictionary<string, object?>> rows)
    {
        var target = file.Targets[0];
        var entity = ErpExportMappings.Entities.First(e => string.Equals(e.Name, target.Entity, StringComparison.OrdinalIgnoreCase));
        // Fields the import fills without a column (a constant, a line ordinal) have nothing to write; two fields on one column write the first.
        var columns = target.Fields.Where(f => f.Value.Column is not null).GroupBy(f => f.Value.Column!, StringComparer.Ordinal)
            .Select(g => (Column: g.Key, Field: entity.Field(g.First().Key)!, Mapping: g.First().Value)).ToList();
        var encoding = FileEncodings.Resolve(file.Encoding ?? mapping.Encoding)!;
        if (FileEncodings.IsUtf8(encoding))
            encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var culture = file.Culture ?? mapping.Culture;
        using var writer = new StreamWriter(stream, encoding, 1 << 14, leaveOpen: true);
        using var csv = Sep.New(ImportFiles.DelimiterChar(file.Delimiter ?? mapping.Delimiter)!.Value)
            .Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(writer, leaveOpen: true);
        csv.Header.Add(columns.Select(c => c.Column).ToArray());
        csv.Header.Write();
        foreach (var row in rows)
        {
            using var line = csv.NewRow();
            foreach (var c in columns)
                line[c.Column].Set(ErpExportMappings.Format(row.GetValueOrDefault(c.Field.Name), c.Field, c.Mapping, culture));
        }
    }
}
