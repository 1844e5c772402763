using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.ErpSync;

/// <summary>A purchase proposal as the ERP gets it.</summary>
public sealed record PurchaseProposalDocument(
    string ProposalKey, string? Supplier, string Sku, decimal Quantity, string? Unit, DateOnly? OrderBy, decimal SuggestedQuantity, DateOnly PlanAsOf,
    string ApprovedBy, DateTimeOffset ApprovedAt);

/// <summary>A new ERP customer built from a CRM account (<see cref="Code"/> proposed by us; the ERP may keep or renumber it).</summary>
public sealed record CustomerDocument(
    string Code, string Name, string? TaxId, string? Country, string? Phone, string? Language, string? Email, int PaymentTermsDays,
    string ExternalReference, string CrmAccountKey);

/// <summary>
/// A draft sales order from a won deal. <see cref="ExternalReference"/> (<c>CRM-OPP-{deal key}</c>) is what the ERP keeps
/// on its order, so its export brings the real order back linked to the deal.
/// </summary>
public sealed record SalesOrderDocument(
    string OrderNumber, string ExternalReference, string Customer, bool NewCustomer, DateOnly OrderDate, DateOnly RequestedDate, string Status,
    string Currency, string DealKey, string DealName, string? RepEmail, IReadOnlyList<SalesOrderDocumentLine> Lines);

/// <summary><see cref="PriceSource"/>: <c>deal</c> (the agreed price on the deal line) or <c>list</c> (the product's list price).</summary>
public sealed record SalesOrderDocumentLine(int LineNumber, string Product, decimal Quantity, decimal? UnitPrice, string PriceSource);

/// <summary>A document's place in the outbox, for the status list.</summary>
public sealed record ErpDocumentStatus(
    long Id, string Kind, string Key, DateTimeOffset CreatedAt, DateTimeOffset? ExportedAt, DateTimeOffset? DeliveredAt, int Attempts,
    DateTimeOffset? GaveUpAt, string? LastError);

/// <summary>The outbox of ERP documents: written once per (kind, key), listed, and read back for delivery.</summary>
public sealed class ErpDocuments(ForecastDbContext db, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Writes the document unless one of this kind and key exists (then nothing changes); true when written now.</summary>
    public async Task<bool> WriteAsync(string kind, string key, object payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var json = JsonSerializer.Serialize(payload, payload.GetType(), Json);
        var now = time.GetUtcNow();
        var written = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO erpsync.erp_documents (kind, key, payload, created_at, attempts, next_attempt_at)
            VALUES ({kind}, {key}, {json}::jsonb, {now}, 0, {now})
            ON CONFLICT (kind, key) DO NOTHING
            """, cancellationToken);
        return written == 1;
    }

    /// <summary>Documents, newest first (<paramref name="kind"/>: only that kind).</summary>
    public Task<List<ErpDocumentStatus>> ListAsync(string? kind, int take, CancellationToken cancellationToken) =>
        db.Set<ErpDocument>().AsNoTracking().Where(d => kind == null || d.Kind == kind).OrderByDescending(d => d.Id).Take(Math.Clamp(take, 1, 10_000))
            .Select(d => new ErpDocumentStatus(d.Id, d.Kind, d.Key, d.CreatedAt, d.ExportedAt, d.DeliveredAt, d.Attempts, d.GaveUpAt, d.LastError))
            .ToListAsync(cancellationToken);

    /// <summary>The webhook body of one document: <c>{"kind", "key", "createdAt", "document": {...}}</c>.</summary>
    internal static byte[] Envelope(ErpDocument d)
    {
        using var payload = JsonDocument.Parse(d.Payload);
        return JsonSerializer.SerializeToUtf8Bytes(new { kind = d.Kind, key = d.Key, createdAt = d.CreatedAt.ToUniversalTime(), document = payload.RootElement }, Json);
    }

    /// <summary>The document's payload as its record type.</summary>
    internal static object Read(ErpDocument d) => d.Kind switch
    {
        ErpDocumentKinds.PurchaseProposal => JsonSerializer.Deserialize<PurchaseProposalDocument>(d.Payload, Json)!,
        ErpDocumentKinds.Customer => JsonSerializer.Deserialize<CustomerDocument>(d.Payload, Json)!,
        ErpDocumentKinds.SalesOrder => JsonSerializer.Deserialize<SalesOrderDocument>(d.Payload, Json)!,
        _ => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"ERP document {d.Id} has an unknown kind '{d.Kind}'.")),
    };
}
