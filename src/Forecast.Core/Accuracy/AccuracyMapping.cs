using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Accuracy;

internal sealed class ForecastScoreConfiguration : IEntityTypeConfiguration<ForecastScore>
{
    public void Configure(EntityTypeBuilder<ForecastScore> builder)
    {
        builder.ToTable("forecast_scores", "core");
        builder.HasIndex(s => new { s.ForecastRunId, s.ProductId, s.PeriodStart }).IsUnique();
        // The page reads one horizon step over a range of weeks.
        builder.HasIndex(s => new { s.Step, s.PeriodStart });
        builder.HasIndex(s => s.ProductId);
        builder.HasOne(s => s.ForecastRun).WithMany().HasForeignKey(s => s.ForecastRunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Product).WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
