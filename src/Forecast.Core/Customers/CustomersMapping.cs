using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Customers;

internal sealed class UnifiedCustomerConfiguration : IEntityTypeConfiguration<UnifiedCustomer>
{
    public void Configure(EntityTypeBuilder<UnifiedCustomer> builder)
    {
        builder.ToTable("unified_customers", "core");
        builder.HasIndex(c => c.ErpCustomerId).IsUnique();
        builder.HasMany(c => c.Accounts).WithOne(a => a.UnifiedCustomer!).HasForeignKey(a => a.UnifiedCustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerAccountLinkConfiguration : IEntityTypeConfiguration<CustomerAccountLink>
{
    public void Configure(EntityTypeBuilder<CustomerAccountLink> builder)
    {
        builder.ToTable("customer_account_links", "core");
        builder.HasKey(a => a.CrmAccountId);
        // The key is also the foreign key to the account (each account in at most one unified customer).
        builder.Property(a => a.CrmAccountId).ValueGeneratedNever();
        // The name is fixed: the convention would name it after whichever table name the account had when this ran.
        builder.HasOne(a => a.CrmAccount).WithOne().HasForeignKey<CustomerAccountLink>(a => a.CrmAccountId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_customer_account_links_accounts_crm_account_id");
        builder.HasIndex(a => a.UnifiedCustomerId);
    }
}

internal sealed class CustomerMatchCandidateConfiguration : IEntityTypeConfiguration<CustomerMatchCandidate>
{
    public void Configure(EntityTypeBuilder<CustomerMatchCandidate> builder)
    {
        builder.ToTable("customer_match_candidates", "core");
        builder.HasIndex(c => new { c.CrmAccountId, c.ErpCustomerId }).IsUnique();
        builder.HasIndex(c => c.Decision);
    }
}

internal sealed class OwnerConflictConfiguration : IEntityTypeConfiguration<OwnerConflict>
{
    public void Configure(EntityTypeBuilder<OwnerConflict> builder)
    {
        builder.ToTable("owner_conflicts", "core");
        builder.HasIndex(c => c.UnifiedCustomerId);
        // At most one open conflict per customer, so a re-run updates it instead of adding another.
        builder.HasIndex(c => c.UnifiedCustomerId, "ix_owner_conflicts_open").IsUnique().HasFilter("resolved_at IS NULL");
    }
}
