using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Jobs;

internal sealed class PipelineRunConfiguration : IEntityTypeConfiguration<PipelineRun>
{
    public void Configure(EntityTypeBuilder<PipelineRun> builder)
    {
        builder.ToTable("pipeline_runs", "core");
        builder.HasIndex(r => r.Status);
    }
}

internal sealed class StagePartitionConfiguration : IEntityTypeConfiguration<StagePartition>
{
    public void Configure(EntityTypeBuilder<StagePartition> builder)
    {
        builder.ToTable("stage_partitions", "core");
        builder.HasKey(p => new { p.PipelineRunId, p.Stage, p.Partition });
        builder.Property(p => p.Stage).HasMaxLength(64);
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(p => p.PipelineRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Lives with the kernel: its life (running, published, failed) is the pipeline run's.</summary>
internal sealed class PredictionRunConfiguration : IEntityTypeConfiguration<PredictionRun>
{
    public void Configure(EntityTypeBuilder<PredictionRun> builder)
    {
        builder.ToTable("prediction_runs", "core");
        builder.HasIndex(r => new { r.Kind, r.AsOf });
        // One prediction run per stage and pipeline run; a deleted pipeline run takes its prediction runs with it.
        builder.HasIndex(r => new { r.PipelineRunId, r.Kind }).IsUnique();
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(r => r.PipelineRunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.MetricsJson).HasColumnType("jsonb");
    }
}
