using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Demand;

internal sealed class DemandForecastConfiguration : IEntityTypeConfiguration<DemandForecast>
{
    public void Configure(EntityTypeBuilder<DemandForecast> builder)
    {
        builder.ToTable("demand_forecasts", "core");
        builder.HasIndex(f => new { f.PredictionRunId, f.ProductId, f.PeriodStart }).IsUnique();
        builder.HasIndex(f => f.ProductId);
        builder.Property(f => f.Model).HasMaxLength(256);
        builder.Property(f => f.DemandClass).HasMaxLength(32);
        builder.HasOne(f => f.PredictionRun).WithMany().HasForeignKey(f => f.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DemandCvRowConfiguration : IEntityTypeConfiguration<DemandCvRow>
{
    public void Configure(EntityTypeBuilder<DemandCvRow> builder)
    {
        builder.ToTable("demand_cv_rows", "core");
        // The stage replaces a partition's rows by run and product, and the export reads them in that order.
        builder.HasIndex(r => new { r.PredictionRunId, r.ProductId });
        builder.Property(r => r.Candidate).HasMaxLength(128);
        builder.HasOne(r => r.PredictionRun).WithMany().HasForeignKey(r => r.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
