using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Opportunities;

internal sealed class OpportunityScoreConfiguration : IEntityTypeConfiguration<OpportunityScore>
{
    public void Configure(EntityTypeBuilder<OpportunityScore> builder)
    {
        builder.ToTable("opportunity_scores", "core");
        builder.HasIndex(s => new { s.RunId, s.OpportunityId }).IsUnique();
        builder.HasIndex(s => new { s.OpportunityId, s.AsOf });
        builder.HasOne(s => s.Run).WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Model).HasMaxLength(16);
        builder.Property(s => s.FactorsJson).HasColumnType("jsonb");
    }
}

internal sealed class PipelineDemandConfiguration : IEntityTypeConfiguration<PipelineDemand>
{
    public void Configure(EntityTypeBuilder<PipelineDemand> builder)
    {
        builder.ToTable("pipeline_demand", "core");
        builder.HasIndex(d => new { d.RunId, d.ProductId, d.PeriodStart }).IsUnique();
        builder.HasIndex(d => new { d.ProductId, d.PeriodStart });
        builder.HasOne(d => d.Run).WithMany().HasForeignKey(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OpportunityObservationConfiguration : IEntityTypeConfiguration<OpportunityObservation>
{
    public void Configure(EntityTypeBuilder<OpportunityObservation> builder)
    {
        builder.ToTable("opportunity_observations", "core");
        builder.HasKey(o => new { o.OpportunityId, o.ObservedOn });
        builder.Property(o => o.Stage).HasMaxLength(128);
    }
}
