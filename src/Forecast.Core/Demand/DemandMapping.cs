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
