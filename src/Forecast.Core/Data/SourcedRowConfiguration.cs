using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Data;

/// <summary>
/// The mapping every imported ERP and CRM row shares: its table, and the unique (source system, source key) an import
/// upserts by.
/// </summary>
internal abstract class SourcedRowConfiguration<T>(string schema, string table) : IEntityTypeConfiguration<T>
    where T : SourcedRow
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.ToTable(table, schema);
        builder.Property(r => r.SourceSystem).HasMaxLength(64);
        builder.Property(r => r.SourceKey).HasMaxLength(256);
        builder.HasIndex(r => new { r.SourceSystem, r.SourceKey }).IsUnique();
        ConfigureRow(builder);
    }

    protected virtual void ConfigureRow(EntityTypeBuilder<T> builder)
    {
    }
}
