namespace Forecast.Core.Data;

public sealed class ErpCustomer : SourcedRow
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? TaxId { get; set; }
    public string? Country { get; set; }
    /// <summary>BCP 47 tag such as <c>zh-TW</c> or <c>en</c>.</summary>
    public string? Language { get; set; }
    public string? Email { get; set; }
    public int? PaymentTermsDays { get; set; }
    public decimal? CreditLimit { get; set; }
    /// <summary>
    /// The customer's other names from the ERP (an English name next to the registered Chinese one, a short name),
    /// used by customer matching as well as <see cref="Name"/>.
    /// </summary>
    public List<string> Aliases { get; set; } = [];
}

public sealed class Product : SourcedRow
{
    public string Sku { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Family { get; set; }
    public string? Unit { get; set; }
    public string? Supplier { get; set; }
    public int LeadTimeDays { get; set; }
    /// <summary>Minimum order quantity towards the supplier.</summary>
    public decimal Moq { get; set; }
    public decimal PackSize { get; set; } = 1;
    public decimal? UnitCost { get; set; }
    public decimal? ListPrice { get; set; }
}

public enum SalesOrderStatus
{
    Open,
    Shipped,
    Invoiced,
    Cancelled,
}

public sealed class SalesOrder : SourcedRow
{
    public string OrderNumber { get; set; } = "";
    public long CustomerId { get; set; }
    public ErpCustomer? Customer { get; set; }
    public DateOnly OrderDate { get; set; }
    public DateOnly? RequestedDate { get; set; }
    public SalesOrderStatus Status { get; set; }
    public string? Currency { get; set; }
    /// <summary>
    /// The customer's or another system's reference the ERP keeps on the order; an order entered from a won deal carries
    /// the deal's <c>CRM-OPP-{key}</c>, which links it back to the deal.
    /// </summary>
    public string? ExternalReference { get; set; }
    public List<SalesOrderLine> Lines { get; set; } = [];
}

public sealed class SalesOrderLine : SourcedRow
{
    public long SalesOrderId { get; set; }
    public SalesOrder? SalesOrder { get; set; }
    public int LineNumber { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    /// <summary>Units; negative only on a return line.</summary>
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public bool IsReturn { get; set; }
}

public sealed class Invoice : SourcedRow
{
    public string InvoiceNumber { get; set; } = "";
    public long CustomerId { get; set; }
    public ErpCustomer? Customer { get; set; }
    public long? SalesOrderId { get; set; }
    public DateOnly InvoiceDate { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal Amount { get; set; }
    public decimal PaidAmount { get; set; }
    public string? Currency { get; set; }
}

/// <summary>
/// A product's unit cost from a day on (a supplier's price rise, raw material up). The cost in force on a day is the
/// latest change on or before it; before the first change, or with none, it is <see cref="Product.UnitCost"/>.
/// </summary>
public sealed class ProductCostChange : SourcedRow
{
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public decimal UnitCost { get; set; }
}

/// <summary>Stock on hand of one product (per warehouse), as counted on <see cref="AsOf"/>.</summary>
public sealed class StockOnHand : SourcedRow
{
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public string Warehouse { get; set; } = "";
    public decimal Quantity { get; set; }
    public DateOnly AsOf { get; set; }
}

/// <summary>A purchase-order line not yet received: supply expected on <see cref="ExpectedDate"/>.</summary>
public sealed class IncomingSupply : SourcedRow
{
    public string PurchaseOrderNumber { get; set; } = "";
    public int LineNumber { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public decimal Quantity { get; set; }
    public DateOnly ExpectedDate { get; set; }
    public string? Supplier { get; set; }
}
