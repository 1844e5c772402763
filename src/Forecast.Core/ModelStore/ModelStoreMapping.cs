using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.ModelStore;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.ToTable("model_versions", "core");
        builder.HasIndex(m => new { m.Kind, m.Version }).IsUnique();
        builder.HasIndex(m => m.Kind).IsUnique().HasFilter("is_current");
        builder.Property(m => m.MetricsJson).HasColumnType("jsonb");
        builder.Property(m => m.ManifestJson).HasColumnType("jsonb");
    }
}
