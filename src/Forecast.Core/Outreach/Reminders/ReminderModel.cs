using Forecast.Core.Customers;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>The EF mapping of the reminders and the dev mailbox (schema <c>outreach</c>), called from <c>ForecastDbContext.OnModelCreating</c>.</summary>
internal static class ReminderModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Reminder>(e =>
        {
            e.ToTable("reminders", "outreach");
            // One reminder per customer, kind, topic and cycle: a re-run of the same day (or any later day of the cycle) adds nothing.
            e.HasIndex(r => new { r.UnifiedCustomerId, r.Kind, r.TopicKey, r.CycleDate }).IsUnique();
            e.HasIndex(r => new { r.RepId, r.Status });
            e.HasIndex(r => r.AsOf);
            e.HasIndex(r => r.OutboxKey);
            e.Property(r => r.TopicKey).HasMaxLength(64);
            e.Property(r => r.RepLanguage).HasMaxLength(35);
            e.Property(r => r.DraftLanguage).HasMaxLength(35);
            e.Property(r => r.DraftSource).HasMaxLength(512);
            e.Property(r => r.OutboxKey).HasMaxLength(256);
            e.Property(r => r.FactsJson).HasColumnType("jsonb");
            e.HasOne(r => r.UnifiedCustomer).WithMany().HasForeignKey(r => r.UnifiedCustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(r => r.Product).WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(r => r.Opportunity).WithMany().HasForeignKey(r => r.OpportunityId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(r => r.Rep).WithMany().HasForeignKey(r => r.RepId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<DevMailboxMessage>(e =>
        {
            e.ToTable("dev_mailbox_messages", "outreach");
            e.HasIndex(m => m.ReceivedAt);
        });
    }
}
