using Forecast.Core.Customers;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Outreach.Reminders;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.ToTable("reminders", "outreach");
        // One reminder per customer, kind, topic and cycle: a re-run of the same day (or any later day of the cycle) adds nothing.
        builder.HasIndex(r => new { r.UnifiedCustomerId, r.Kind, r.TopicKey, r.CycleDate }).IsUnique();
        builder.HasIndex(r => new { r.RepId, r.Status });
        builder.HasIndex(r => r.AsOf);
        builder.HasIndex(r => r.OutboxKey);
        builder.Property(r => r.TopicKey).HasMaxLength(64);
        builder.Property(r => r.RepLanguage).HasMaxLength(35);
        builder.Property(r => r.DraftLanguage).HasMaxLength(35);
        builder.Property(r => r.DraftSource).HasMaxLength(512);
        builder.Property(r => r.OutboxKey).HasMaxLength(256);
        builder.Property(r => r.FactsJson).HasColumnType("jsonb");
        builder.HasOne(r => r.UnifiedCustomer).WithMany().HasForeignKey(r => r.UnifiedCustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Product).WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(r => r.Opportunity).WithMany().HasForeignKey(r => r.OpportunityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(r => r.Rep).WithMany().HasForeignKey(r => r.RepId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(r => r.Currency).HasMaxLength(16);
    }
}

internal sealed class ReminderActionConfiguration : IEntityTypeConfiguration<ReminderAction>
{
    public void Configure(EntityTypeBuilder<ReminderAction> builder)
    {
        builder.ToTable("reminder_actions", "outreach");
        builder.HasIndex(a => new { a.ReminderId, a.Id });
        builder.Property(a => a.By).HasMaxLength(256);
        builder.Property(a => a.Note).HasMaxLength(ReminderInbox.MaxReasonLength);
        builder.HasOne(a => a.Reminder).WithMany().HasForeignKey(a => a.ReminderId).OnDelete(DeleteBehavior.Cascade);
    }
}
