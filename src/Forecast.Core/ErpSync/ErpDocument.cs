using Forecast.Core.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.ErpSync;

/// <summary>The kinds of document the ERP receives.</summary>
public static class ErpDocumentKinds
{
    public const string PurchaseProposal = "purchase-proposal";
    public const string Customer = "customer";
    public const string SalesOrder = "sales-order";

    public static IReadOnlyList<string> All { get; } = [Customer, SalesOrder, PurchaseProposal];
}

/// <summary>
/// One document for the ERP in the outbox: a draft sales order, a new customer, a purchase proposal. (<see cref="Kind"/>,
/// <see cref="Key"/>) is unique, so writing the same document twice (a re-run, a retried job, a crash between writing
/// and delivering) keeps the first; the key is also the <c>Idempotency-Key</c> the webhook receiver dedupes on. The
/// payload is written once and never changed: what the ERP got is what the row says.
/// </summary>
public sealed class ErpDocument : WebhookDelivery
{
    public long Id { get; set; }
    /// <summary>One of <see cref="ErpDocumentKinds"/>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>The document's key: a proposal key, <c>CRM-OPP-{deal}</c>, <c>CRM-ACC-{account}</c>.</summary>
    public string Key { get; set; } = "";
    /// <summary>The document as JSON (camelCase), as POSTed to the webhook.</summary>
    public string Payload { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When a CSV drop holding the document was completely written (null: in no drop yet).</summary>
    public DateTimeOffset? ExportedAt { get; set; }
}

internal sealed class ErpDocumentConfiguration : IEntityTypeConfiguration<ErpDocument>
{
    public void Configure(EntityTypeBuilder<ErpDocument> builder)
    {
        builder.ToTable("erp_documents", "erpsync");
        builder.HasIndex(d => new { d.Kind, d.Key }).IsUnique();
        builder.HasIndex(d => new { d.DeliveredAt, d.NextAttemptAt });
        builder.Property(d => d.Kind).HasMaxLength(32);
        builder.Property(d => d.Key).HasMaxLength(300);
        builder.Property(d => d.Payload).HasColumnType("jsonb");
        builder.Property(d => d.LastError).HasMaxLength(1000);
    }
}
