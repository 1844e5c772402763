using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Data;

internal sealed class ErpCustomerConfiguration() : SourcedRowConfiguration<ErpCustomer>("erp", "customers")
{
    protected override void ConfigureRow(EntityTypeBuilder<ErpCustomer> builder)
    {
        // Rows an import inserts without mapping aliases get the column default: an empty list, never null.
        builder.Property(c => c.Aliases).HasDefaultValueSql("'{}'::text[]");
    }
}

internal sealed class ProductConfiguration() : SourcedRowConfiguration<Product>("erp", "products")
{
    protected override void ConfigureRow(EntityTypeBuilder<Product> builder)
    {
        builder.HasIndex(p => p.Sku);
    }
}

internal sealed class SalesOrderConfiguration() : SourcedRowConfiguration<SalesOrder>("erp", "sales_orders")
{
    protected override void ConfigureRow(EntityTypeBuilder<SalesOrder> builder)
    {
        builder.HasIndex(o => new { o.CustomerId, o.OrderDate });
        builder.HasIndex(o => o.ExternalReference);
        builder.HasMany(o => o.Lines).WithOne(l => l.SalesOrder!).HasForeignKey(l => l.SalesOrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SalesOrderLineConfiguration() : SourcedRowConfiguration<SalesOrderLine>("erp", "sales_order_lines")
{
    protected override void ConfigureRow(EntityTypeBuilder<SalesOrderLine> builder)
    {
        builder.HasIndex(l => l.ProductId);
        builder.Property(l => l.UnitPrice).HasPrecision(18, 6);
    }
}

internal sealed class InvoiceConfiguration() : SourcedRowConfiguration<Invoice>("erp", "invoices")
{
    protected override void ConfigureRow(EntityTypeBuilder<Invoice> builder)
    {
        builder.HasIndex(i => new { i.CustomerId, i.DueDate });
    }
}

internal sealed class StockOnHandConfiguration() : SourcedRowConfiguration<StockOnHand>("erp", "stock_on_hand")
{
    protected override void ConfigureRow(EntityTypeBuilder<StockOnHand> builder)
    {
        builder.HasIndex(s => s.ProductId);
    }
}

internal sealed class IncomingSupplyConfiguration() : SourcedRowConfiguration<IncomingSupply>("erp", "incoming_supply")
{
    protected override void ConfigureRow(EntityTypeBuilder<IncomingSupply> builder)
    {
        builder.HasIndex(s => new { s.ProductId, s.ExpectedDate });
    }
}

internal sealed class ProductCostChangeConfiguration() : SourcedRowConfiguration<ProductCostChange>("erp", "product_cost_changes")
{
    protected override void ConfigureRow(EntityTypeBuilder<ProductCostChange> builder)
    {
        builder.HasIndex(c => new { c.ProductId, c.EffectiveOn });
    }
}
