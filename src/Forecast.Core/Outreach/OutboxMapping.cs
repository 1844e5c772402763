using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Outreach;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages", "outreach");
        builder.HasIndex(m => m.Key).IsUnique();
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.Property(m => m.Key).HasMaxLength(256);
        builder.Property(m => m.Language).HasMaxLength(35);
    }
}
