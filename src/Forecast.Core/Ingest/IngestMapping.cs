using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Ingest;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("import_runs", "ingest");
        builder.Property(r => r.ReportJson).HasColumnType("jsonb");
        builder.HasIndex(r => r.StartedAt);
    }
}
