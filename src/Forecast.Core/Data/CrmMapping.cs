using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Data;

internal sealed class RepConfiguration() : SourcedRowConfiguration<Rep>("crm", "reps")
{
    protected override void ConfigureRow(EntityTypeBuilder<Rep> builder)
    {
        builder.HasIndex(r => r.Email);
    }
}

internal sealed class CrmAccountConfiguration() : SourcedRowConfiguration<CrmAccount>("crm", "accounts");

internal sealed class ContactConfiguration() : SourcedRowConfiguration<Contact>("crm", "contacts")
{
    protected override void ConfigureRow(EntityTypeBuilder<Contact> builder)
    {
        builder.HasIndex(c => c.AccountId);
    }
}

internal sealed class OpportunityConfiguration() : SourcedRowConfiguration<Opportunity>("crm", "opportunities")
{
    protected override void ConfigureRow(EntityTypeBuilder<Opportunity> builder)
    {
        builder.HasIndex(o => new { o.AccountId, o.Outcome });
        builder.HasMany(o => o.Lines).WithOne(l => l.Opportunity!).HasForeignKey(l => l.OpportunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OpportunityLineConfiguration() : SourcedRowConfiguration<OpportunityLine>("crm", "opportunity_lines")
{
    protected override void ConfigureRow(EntityTypeBuilder<OpportunityLine> builder)
    {
        builder.HasIndex(l => l.ProductId);
    }
}

internal sealed class ActivityConfiguration() : SourcedRowConfiguration<Activity>("crm", "activities")
{
    protected override void ConfigureRow(EntityTypeBuilder<Activity> builder)
    {
        builder.HasIndex(a => new { a.AccountId, a.OccurredOn });
    }
}
