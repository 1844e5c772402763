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
        // A natural key and no identity: one index to maintain under a COPY of a whole partition, led by run and
        // product as the stage's replacement and the export read them, and a retry can never hold a row twice.
        builder.HasKey(r => new { r.PredictionRunId, r.ProductId, r.Candidate, r.Cutoff, r.Step, r.IsOuter });
        builder.Property(r => r.Candidate).HasMaxLength(128);
        builder.HasOne(r => r.PredictionRun).WithMany().HasForeignKey(r => r.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
