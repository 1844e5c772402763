using System.Globalization;
using Forecast.Core.Data;

namespace Forecast.DemoWorld;

/// <summary>
/// One file of the demo world's ERP or CRM export: where it goes, its header, and how one item becomes a row of formatted
/// cells. <see cref="DemoWorldWriter"/> writes these rows; <see cref="DemoWorldSeeder"/> reads its source keys out of the
/// same rows through the shipped mappings' key columns (<see cref="DemoSourceKeys"/>), so the two cannot drift apart.
/// </summary>
internal sealed class DemoExportFile<T>(string system, string name, string[] header, Func<T, string[]> row)
{
    public string System { get; } = system;
    public string Name { get; } = name;
    public IReadOnlyList<string> Header { get; } = header;
    public string[] Row(T item) => row(item);
}

/// <summary>The demo world's export files (docs/demo-world-format.md): the source systems' own date formats and codes.</summary>
internal static class DemoExport
{
    private const string ErpDate = "yyyy/MM/dd";
    private const string CrmDate = "dd.MM.yyyy";

    public static readonly DemoExportFile<DemoCustomer> Customers = new("erp", "CUSTOMER.csv",
        ["CUST_NO", "CUST_NM", "TAX_ID", "CNTRY", "LANG", "PAY_TERM", "CREDIT_LMT", "EMAIL"],
        c => [c.Code, c.Name, c.TaxId ?? "", c.Country, c.Language, c.PaymentTerm, Dec(c.CreditLimit), c.Email ?? ""]);

    public static readonly DemoExportFile<DemoProduct> Products = new("erp", "ITEM.csv",
        ["ITEM_NO", "ITEM_DESC", "FAMILY", "UOM", "VENDOR", "LT_DAYS", "MOQ", "PACK_QTY", "STD_COST", "LIST_PRICE"],
        p => [p.Sku, p.Name, p.Family, p.Unit, p.Supplier, Int(p.LeadTimeDays), Dec(p.Moq), Dec(p.PackSize), Dec(p.StandardCost), Dec(p.ListPrice)]);

    public static readonly DemoExportFile<DemoStock> Stock = new("erp", "STOCK.csv",
        ["ITEM_NO", "WH", "QTY_ON_HAND", "AS_OF"],
        s => [s.Product.Sku, s.Warehouse, Dec(s.Quantity), Erp(s.AsOf)]);

    public static readonly DemoExportFile<DemoPurchaseOrderLine> PurchaseOrders = new("erp", "PO_OPEN.csv",
        ["PO_NO", "LINE_NO", "ITEM_NO", "QTY", "ETA", "VENDOR"],
        p => [p.Number, Int(p.LineNumber), p.Product.Sku, Dec(p.Quantity), Erp(p.ExpectedDate), p.Supplier]);

    public static readonly DemoExportFile<DemoCostChange> CostChanges = new("erp", "ITEM_COST.csv",
        ["ITEM_NO", "EFF_DATE", "UNIT_COST"],
        c => [c.Product.Sku, Erp(c.EffectiveOn), Dec(c.UnitCost)]);

    public static readonly DemoExportFile<DemoOrder> Orders = new("erp", "SO_HEADER.csv",
        ["SO_NO", "CUST_NO", "SO_DATE", "REQ_DATE", "STATUS", "CURR"],
        o => [o.Number, o.Customer.Code, Erp(o.OrderDate), Erp(o.RequestedDate), StatusCode(o.Status), o.Currency]);

    public static readonly DemoExportFile<(DemoOrder Order, DemoOrderLine Line)> OrderLines = new("erp", "SO_LINE.csv",
        ["SO_NO", "LINE_NO", "ITEM_NO", "QTY", "PRICE", "RTN_FLAG"],
        x => [x.Order.Number, Int(x.Line.LineNumber), x.Line.Product.Sku, Dec(x.Line.Quantity), Dec(x.Line.UnitPrice), x.Line.IsReturn ? "Y" : "N"]);

    public static readonly DemoExportFile<DemoInvoice> Invoices = new("erp", "AR_INVOICE.csv",
        ["INV_NO", "CUST_NO", "SO_NO", "INV_DATE", "DUE_DATE", "AMT", "PAID_AMT", "CURR"],
        i => [i.Number, i.Customer.Code, i.OrderNumber, DemoWorldWriter.Roc(i.InvoiceDate), DemoWorldWriter.Roc(i.DueDate), Dec(i.Amount), Dec(i.PaidAmount), i.Currency]);

    public static readonly DemoExportFile<DemoRep> Reps = new("crm", "Users.csv",
        ["User_Id", "Full_Name", "Email", "Team", "Is_Active"],
        r => [r.Id, r.Name, r.Email, r.Team, r.Active ? "true" : "false"]);

    public static readonly DemoExportFile<DemoAccount> Accounts = new("crm", "Accounts.csv",
        ["Account_Id", "Client_Name", "Email_Domain", "Tax_Number", "Country", "Phone", "Owner_Id", "City", "Address"],
        a => [a.Id, a.Name, a.EmailDomain ?? "", a.TaxNumber ?? "", a.Country ?? "", a.Phone, a.Owner.Id, a.City ?? "", a.Address ?? ""]);

    public static readonly DemoExportFile<DemoContact> Contacts = new("crm", "Contacts.csv",
        ["Contact_Id", "Account_Id", "Contact_Name", "Email", "Phone", "Preferred_Language", "Email_Opt_Out", "Nickname"],
        c => [c.Id, c.Account.Id, c.Name, c.Email ?? "", c.Phone, c.Language, c.OptedOut ? "1" : "0", c.Nickname ?? ""]);

    public static readonly DemoExportFile<DemoOpportunity> Opportunities = new("crm", "Opportunities.csv",
        ["Opportunity_Id", "Account_Id", "Owner_Id", "Opportunity_Name", "Stage", "Amount", "Created_Date", "Close_Date", "Closed_Date", "Status", "Lead_Source"],
        o => [o.Id, o.Account.Id, o.Owner.Id, o.Name, o.Stage, Dec(o.Amount), Crm(o.CreatedOn), Crm(o.ExpectedClose), o.ClosedOn is { } closed ? Crm(closed) : "",
            o.Outcome.ToString(), o.LeadSource]);

    public static readonly DemoExportFile<(DemoOpportunity Opportunity, DemoOpportunityLine Line)> OpportunityLines = new("crm", "Opportunity_Products.csv",
        ["Line_Id", "Opportunity_Id", "Product_Code", "Quantity", "Sales_Price"],
        x => [x.Line.Id, x.Opportunity.Id, x.Line.Product.Sku, Dec(x.Line.Quantity), Dec(x.Line.UnitPrice)]);

    public static readonly DemoExportFile<DemoActivity> Activities = new("crm", "Activities.csv",
        ["Activity_Id", "Account_Id", "Owner_Id", "Contact_Id", "Type", "Activity_Date", "Subject"],
        a => [a.Id, a.Account.Id, a.Rep.Id, a.Contact?.Id ?? "", a.Kind.ToString(), Crm(a.Date), a.Subject]);

    private static string StatusCode(SalesOrderStatus status) => status switch
    {
        SalesOrderStatus.Open => "O",
        SalesOrderStatus.Shipped => "S",
        SalesOrderStatus.Invoiced => "I",
        _ => "X",
    };

    private static string Erp(DateOnly day) => day.ToString(ErpDate, CultureInfo.InvariantCulture);
    private static string Crm(DateOnly day) => day.ToString(CrmDate, CultureInfo.InvariantCulture);
    internal static string Dec(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
