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
    public DbSet<ProductCostChange> ProductCostChanges => Set<ProductCostChange>();

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
    public DbSet<ReminderAction> ReminderActions => Set<ReminderAction>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<StockProjection> StockProjections => Set<StockProjection>();
    public DbSet<InventoryPlan> InventoryPlans => Set<InventoryPlan>();
    public DbSet<DemandForecast> DemandForecasts => Set<DemandForecast>();
    public DbSet<DemandCvRow> DemandCvRows => Set<DemandCvRow>();
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
        // One IEntityTypeConfiguration per entity, in the folder of the feature that owns it.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ForecastDbContext).Assembly);
    }
}
