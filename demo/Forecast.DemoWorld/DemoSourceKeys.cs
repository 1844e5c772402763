using Forecast.Core.Ingest;

namespace Forecast.DemoWorld;

/// <summary>
/// The source system and source key an import of one demo export file gives its rows, read from the shipped mapping
/// (<c>demo-erp</c>, <c>demo-crm</c>) with the parser the import uses: the mapping's source system, and its key columns'
/// cells joined with <c>/</c> (docs/import.md). Changing a mapping's key changes the seeder's keys with it.
/// </summary>
internal sealed class DemoSourceKey<T>
{
    private readonly DemoExportFile<T> _file;
    private readonly int[] _keyColumns;

    public DemoSourceKey(DemoExportFile<T> file, string entity)
    {
        _file = file;
        var mapping = ImportMappings.Load("demo-" + file.System);
        var target = mapping.Files
            .Where(f => string.Equals(f.File, file.Name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => f.Targets)
            .SingleOrDefault(t => t.Entity == entity)
            ?? throw new InvalidOperationException($"Mapping '{mapping.Name}' does not import {file.Name} as {entity}.");
        System = mapping.EffectiveSourceSystem;
        _keyColumns = [.. target.Key.Select(column => IndexOf(file, column))];
    }

    /// <summary>The rows' source system.</summary>
    public string System { get; }

    /// <summary>The source key of <paramref name="item"/>'s row, trimmed as the import trims cells.</summary>
    public string Of(T item)
    {
        var row = _file.Row(item);
        return _keyColumns.Length == 1 ? row[_keyColumns[0]].Trim() : string.Join("/", _keyColumns.Select(i => row[i].Trim()));
    }

    private static int IndexOf(DemoExportFile<T> file, string column)
    {
        for (var i = 0; i < file.Header.Count; i++)
        {
            if (string.Equals(file.Header[i], column, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        throw new InvalidOperationException($"The mapping keys {file.Name} by column {column}, which the demo export does not write.");
    }
}

/// <summary>Every demo entity's source key, from the shipped mappings (loaded once).</summary>
internal static class DemoSourceKeys
{
    public static readonly DemoSourceKey<DemoCustomer> Customers = new(DemoExport.Customers, "customers");
    public static readonly DemoSourceKey<DemoProduct> Products = new(DemoExport.Products, "products");
    public static readonly DemoSourceKey<DemoOrder> Orders = new(DemoExport.Orders, "sales-orders");
    public static readonly DemoSourceKey<(DemoOrder Order, DemoOrderLine Line)> OrderLines = new(DemoExport.OrderLines, "sales-order-lines");
    public static readonly DemoSourceKey<DemoInvoice> Invoices = new(DemoExport.Invoices, "invoices");
    public static readonly DemoSourceKey<DemoStock> Stock = new(DemoExport.Stock, "stock");
    public static readonly DemoSourceKey<DemoCostChange> CostChanges = new(DemoExport.CostChanges, "product-costs");
    public static readonly DemoSourceKey<DemoPurchaseOrderLine> PurchaseOrders = new(DemoExport.PurchaseOrders, "incoming-supply");
    public static readonly DemoSourceKey<DemoRep> Reps = new(DemoExport.Reps, "reps");
    public static readonly DemoSourceKey<DemoAccount> Accounts = new(DemoExport.Accounts, "accounts");
    public static readonly DemoSourceKey<DemoContact> Contacts = new(DemoExport.Contacts, "contacts");
    public static readonly DemoSourceKey<DemoOpportunity> Opportunities = new(DemoExport.Opportunities, "opportunities");
    public static readonly DemoSourceKey<(DemoOpportunity Opportunity, DemoOpportunityLine Line)> OpportunityLines = new(DemoExport.OpportunityLines, "opportunity-lines");
    public static readonly DemoSourceKey<DemoActivity> Activities = new(DemoExport.Activities, "activities");
}
