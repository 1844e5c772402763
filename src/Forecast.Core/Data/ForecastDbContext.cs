using Forecast.Core.Access;
using Forecast.Core.Customers;
using Forecast.Core.Demand;
using Forecast.Core.Ingest;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Outreach;
using Forecast.Core.Outreach.Reminders;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Forecast.Core.Opportunities;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Data;

/// <summary>
/// The one database of the service. Schemas: <c>erp</c> and <c>crm</c> hold imported facts,
/// <c>core</c> what the service derives (unified customers, predictions), <c>ingest</c> import runs;
/// <c>outreach</c> reminders and the outbox, <c>identity</c> users, roles and API tokens;
/// Hangfire keeps its own <c>hangfire</c> schema.
/// </summary>
public class ForecastDbContext(DbContextOptions<ForecastDbContext> options) : IdentityDbContext<ForecastUser>(options)
{
    public DbSet<ErpCustomer> ErpCustomers => Set<ErpCustomer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<SalesOrder> SalesOrders => Set<SalesOrder>();
    public DbSet<SalesOrderLine> SalesOrderLines => Set<SalesOrderLine>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<StockOnHand> StockOnHand => Set<StockOnHand>();
    public DbSet<IncomingSupply> IncomingSupply => Set<IncomingSupply>();

    public DbSet<Rep> Reps => Set<Rep>();
    public DbSet<CrmAccount> CrmAccounts => Set<CrmAccount>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Opportunity> Opportunities => Set<Opportunity>();
    public DbSet<OpportunityLine> OpportunityLines => Set<OpportunityLine>();
    public DbSet<Activity> Activities => Set<Activity>();

    public DbSet<UnifiedCustomer> UnifiedCustomers => Set<UnifiedCustomer>();
    public DbSet<CustomerAccountLink> CustomerAccountLinks => Set<CustomerAccountLink>();
    public DbSet<CustomerMatchCandidate> CustomerMatchCandidates => Set<CustomerMatchCandidate>();
    public DbSet<OwnerConflict> OwnerConflicts => Set<OwnerConflict>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<PredictionRun> PredictionRuns => Set<PredictionRun>();

    public DbSet<PipelineRun> PipelineRuns => Set<PipelineRun>();
    public DbSet<StagePartition> StagePartitions => Set<StagePartition>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<DevMailboxMessage> DevMailbox => Set<DevMailboxMessage>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<StockProjection> StockProjections => Set<StockProjection>();
    public DbSet<InventoryPlan> InventoryPlans => Set<InventoryPlan>();
    public DbSet<DemandForecast> DemandForecasts => Set<DemandForecast>();
    public DbSet<OpportunityScore> OpportunityScores => Set<OpportunityScore>();
    public DbSet<PipelineDemand> PipelineDemand => Set<PipelineDemand>();
    public DbSet<OpportunityObservation> OpportunityObservations => Set<OpportunityObservation>();
    public DbSet<ReorderPrediction> ReorderPredictions => Set<ReorderPrediction>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money and quantities are exact decimals; the precision fits any ERP we have seen.
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(t => t.ClrType.Namespace?.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) == true || t.ClrType == typeof(ForecastUser)))
            entity.SetSchema("identity");
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens", "identity");
            e.HasIndex(t => t.TokenHash).IsUnique();
            // Reps are never deleted (an import marks them inactive), so a rep with tokens cannot silently vanish.
            e.HasOne(t => t.Rep).WithMany().HasForeignKey(t => t.RepId).OnDelete(DeleteBehavior.Restrict);
        });

        // Rows an import inserts without mapping aliases get the column default: an empty list, never null.
        Sourced<ErpCustomer>(modelBuilder, "erp", "customers").Property(c => c.Aliases).HasDefaultValueSql("'{}'::text[]");
        Sourced<Product>(modelBuilder, "erp", "products").HasIndex(p => p.Sku);
        var order = Sourced<SalesOrder>(modelBuilder, "erp", "sales_orders");
        order.HasIndex(o => new { o.CustomerId, o.OrderDate });
        order.HasMany(o => o.Lines).WithOne(l => l.SalesOrder!).HasForeignKey(l => l.SalesOrderId).OnDelete(DeleteBehavior.Cascade);
        var line = Sourced<SalesOrderLine>(modelBuilder, "erp", "sales_order_lines");
        line.HasIndex(l => l.ProductId);
        line.Property(l => l.UnitPrice).HasPrecision(18, 6);
        Sourced<Invoice>(modelBuilder, "erp", "invoices").HasIndex(i => new { i.CustomerId, i.DueDate });
        Sourced<StockOnHand>(modelBuilder, "erp", "stock_on_hand").HasIndex(s => s.ProductId);
        Sourced<IncomingSupply>(modelBuilder, "erp", "incoming_supply").HasIndex(s => new { s.ProductId, s.ExpectedDate });

        Sourced<Rep>(modelBuilder, "crm", "reps").HasIndex(r => r.Email);
        Sourced<CrmAccount>(modelBuilder, "crm", "accounts");
        Sourced<Contact>(modelBuilder, "crm", "contacts").HasIndex(c => c.AccountId);
        var opportunity = Sourced<Opportunity>(modelBuilder, "crm", "opportunities");
        opportunity.HasIndex(o => new { o.AccountId, o.Outcome });
        opportunity.HasMany(o => o.Lines).WithOne(l => l.Opportunity!).HasForeignKey(l => l.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        Sourced<OpportunityLine>(modelBuilder, "crm", "opportunity_lines").HasIndex(l => l.ProductId);
        Sourced<Activity>(modelBuilder, "crm", "activities").HasIndex(a => new { a.AccountId, a.OccurredOn });

        modelBuilder.Entity<UnifiedCustomer>(e =>
        {
            e.ToTable("unified_customers", "core");
            e.HasIndex(c => c.ErpCustomerId).IsUnique();
            e.HasMany(c => c.Accounts).WithOne(a => a.UnifiedCustomer!).HasForeignKey(a => a.UnifiedCustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CustomerAccountLink>(e =>
        {
            e.ToTable("customer_account_links", "core");
            e.HasKey(a => a.CrmAccountId);
            // The key is also the foreign key to the account (each account in at most one unified customer).
            e.Property(a => a.CrmAccountId).ValueGeneratedNever();
            e.HasOne(a => a.CrmAccount).WithOne().HasForeignKey<CustomerAccountLink>(a => a.CrmAccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => a.UnifiedCustomerId);
        });
        modelBuilder.Entity<CustomerMatchCandidate>(e =>
        {
            e.ToTable("customer_match_candidates", "core");
            e.HasIndex(c => new { c.CrmAccountId, c.ErpCustomerId }).IsUnique();
            e.HasIndex(c => c.Decision);
        });
        modelBuilder.Entity<OwnerConflict>(e =>
        {
            e.ToTable("owner_conflicts", "core");
            e.HasIndex(c => c.UnifiedCustomerId);
            // At most one open conflict per customer, so a re-run updates it instead of adding another.
            e.HasIndex(c => c.UnifiedCustomerId, "ix_owner_conflicts_open").IsUnique().HasFilter("resolved_at IS NULL");
        });

        modelBuilder.Entity<ImportRun>(e =>
        {
            e.ToTable("import_runs", "ingest");
            e.Property(r => r.ReportJson).HasColumnType("jsonb");
            e.HasIndex(r => r.StartedAt);
        });

        modelBuilder.Entity<ModelVersion>(e =>
        {
            e.ToTable("model_versions", "core");
            e.HasIndex(m => new { m.Kind, m.Version }).IsUnique();
            e.HasIndex(m => m.Kind).IsUnique().HasFilter("is_current");
            e.Property(m => m.MetricsJson).HasColumnType("jsonb");
            e.Property(m => m.ManifestJson).HasColumnType("jsonb");
        });
        modelBuilder.Entity<PredictionRun>(e =>
        {
            e.ToTable("prediction_runs", "core");
            e.HasIndex(r => new { r.Kind, r.AsOf });
            // One prediction run per stage and pipeline run; a deleted pipeline run takes its prediction runs with it.
            e.HasIndex(r => new { r.PipelineRunId, r.Kind }).IsUnique();
            e.HasOne<PipelineRun>().WithMany().HasForeignKey(r => r.PipelineRunId).OnDelete(DeleteBehavior.Cascade);
            e.Property(r => r.MetricsJson).HasColumnType("jsonb");
        });

        modelBuilder.Entity<PipelineRun>(e =>
        {
            e.ToTable("pipeline_runs", "core");
            e.HasIndex(r => r.Status);
        });
        modelBuilder.Entity<StagePartition>(e =>
        {
            e.ToTable("stage_partitions", "core");
            e.HasKey(p => new { p.PipelineRunId, p.Stage, p.Partition });
            e.Property(p => p.Stage).HasMaxLength(64);
            e.HasOne<PipelineRun>().WithMany().HasForeignKey(p => p.PipelineRunId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages", "outreach");
            e.HasIndex(m => m.Key).IsUnique();
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.Property(m => m.Key).HasMaxLength(256);
            e.Property(m => m.Language).HasMaxLength(35);
        });
        ReminderModel.Configure(modelBuilder);

        InventoryModel.Configure(modelBuilder);
        modelBuilder.Entity<DemandForecast>(e =>
        {
            e.ToTable("demand_forecasts", "core");
            e.HasIndex(f => new { f.PredictionRunId, f.ProductId, f.PeriodStart }).IsUnique();
            e.HasIndex(f => f.ProductId);
            e.Property(f => f.Model).HasMaxLength(256);
            e.Property(f => f.DemandClass).HasMaxLength(32);
            e.HasOne(f => f.PredictionRun).WithMany().HasForeignKey(f => f.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OpportunityScore>(e =>
        {
            e.ToTable("opportunity_scores", "core");
            e.HasIndex(s => new { s.RunId, s.OpportunityId }).IsUnique();
            e.HasIndex(s => new { s.OpportunityId, s.AsOf });
            e.HasOne(s => s.Run).WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
            e.Property(s => s.Model).HasMaxLength(16);
            e.Property(s => s.FactorsJson).HasColumnType("jsonb");
        });
        modelBuilder.Entity<PipelineDemand>(e =>
        {
            e.ToTable("pipeline_demand", "core");
            e.HasIndex(d => new { d.RunId, d.ProductId, d.PeriodStart }).IsUnique();
            e.HasIndex(d => new { d.ProductId, d.PeriodStart });
            e.HasOne(d => d.Run).WithMany().HasForeignKey(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OpportunityObservation>(e =>
        {
            e.ToTable("opportunity_observations", "core");
            e.HasKey(o => new { o.OpportunityId, o.ObservedOn });
            e.Property(o => o.Stage).HasMaxLength(128);
        });
        modelBuilder.Entity<ReorderPrediction>(e =>
        {
            e.ToTable("reorder_predictions", "core");
            e.HasIndex(r => new { r.PredictionRunId, r.CustomerId, r.ProductId }).IsUnique();
            e.HasIndex(r => new { r.CustomerId, r.ProductId, r.AsOf });
            e.Property(r => r.P10Date).HasColumnName("p10_date");
            e.Property(r => r.P25Date).HasColumnName("p25_date");
            e.Property(r => r.P75Date).HasColumnName("p75_date");
            e.Property(r => r.P90Date).HasColumnName("p90_date");
            e.Property(r => r.CycleP90Date).HasColumnName("cycle_p90_date");
            e.HasOne(r => r.PredictionRun).WithMany().HasForeignKey(r => r.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(r => r.Customer).WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(r => r.Product).WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static EntityTypeBuilder<T> Sourced<T>(ModelBuilder modelBuilder, string schema, string table)
        where T : SourcedRow
    {
        var e = modelBuilder.Entity<T>();
        e.ToTable(table, schema);
        e.Property(r => r.SourceSystem).HasMaxLength(64);
        e.Property(r => r.SourceKey).HasMaxLength(256);
        e.HasIndex(r => new { r.SourceSystem, r.SourceKey }).IsUnique();
        return e;
    }
}
