using Forecast.Core.Outbound;
using Forecast.Core.Outreach.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>
/// Where one rep action stands on its way to the CRM, one row per <see cref="ReminderAction"/> the CRM should know.
/// Kept apart from the append-only action log so that log is never rewritten; the action's id is the key the CRM
/// dedupes on (<c>reminder-action:{id}</c>), so every path may deliver twice without doubling an activity.
/// </summary>
public sealed class CrmActivityDelivery : WebhookDelivery
{
    public long ReminderActionId { get; set; }
    /// <summary>When a CSV file holding the action was completely written (null: not in any file yet).</summary>
    public DateTimeOffset? ExportedAt { get; set; }
}

internal sealed class CrmActivityDeliveryConfiguration : IEntityTypeConfiguration<CrmActivityDelivery>
{
    public void Configure(EntityTypeBuilder<CrmActivityDelivery> builder)
    {
        builder.ToTable("crm_activity_deliveries", "outreach");
        builder.HasKey(d => d.ReminderActionId);
        builder.Property(d => d.ReminderActionId).ValueGeneratedNever();
        builder.HasIndex(d => new { d.DeliveredAt, d.NextAttemptAt });
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne<ReminderAction>().WithOne().HasForeignKey<CrmActivityDelivery>(d => d.ReminderActionId).OnDelete(DeleteBehavior.Cascade);
    }
}
