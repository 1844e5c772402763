using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Reorder;

internal sealed class ReorderPredictionConfiguration : IEntityTypeConfiguration<ReorderPrediction>
{
    public void Configure(EntityTypeBuilder<ReorderPrediction> builder)
    {
        builder.ToTable("reorder_predictions", "core");
        builder.HasIndex(r => new { r.PredictionRunId, r.CustomerId, r.ProductId }).IsUnique();
        builder.HasIndex(r => new { r.CustomerId, r.ProductId, r.AsOf });
        builder.Property(r => r.P10Date).HasColumnName("p10_date");
        builder.Property(r => r.P25Date).HasColumnName("p25_date");
        builder.Property(r => r.P75Date).HasColumnName("p75_date");
        builder.Property(r => r.P90Date).HasColumnName("p90_date");
        builder.Property(r => r.CycleP90Date).HasColumnName("cycle_p90_date");
        builder.Property(r => r.DismissalReason).HasMaxLength(32);
        builder.HasOne(r => r.PredictionRun).WithMany().HasForeignKey(r => r.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Customer).WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Product).WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
