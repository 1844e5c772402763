using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Access;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens", "identity");
        builder.HasIndex(t => t.TokenHash).IsUnique();
        // Reps are never deleted (an import marks them inactive), so a rep with tokens cannot silently vanish.
        builder.HasOne(t => t.Rep).WithMany().HasForeignKey(t => t.RepId).OnDelete(DeleteBehavior.Restrict);
    }
}
