using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Formatting;

namespace Forecast.DemoWorld;

/// <summary>How far the writer is: companies done out of all, rows written so far.</summary>
public sealed record DemoWriteProgress(int CompaniesDone, int Companies, long Rows);

/// <summary>Files and row counts written.</summary>
public sealed record DemoWriteSummary(IReadOnlyDictionary<string, long> RowsPerFile)
{
    public long TotalRows => RowsPerFile.Values.Sum();
}

/// <summary>
/// Writes a <see cref="DemoWorld"/> as the ERP and CRM exports and ground truth described in
/// <c>docs/demo-world-format.md</c>: UTF-8 without BOM, RFC 4180 (CRLF, quotes where needed), the source systems'
/// own date formats and codes. Orders, invoices and activities are streamed company by company.
/// </summary>
public static class DemoWorldWriter
{
    private const string ErpDate = "yyyy/MM/dd";
    private const string CrmDate = "dd.MM.yyyy";

    public static DemoWriteSummary Write(DemoWorld world, string folder, IProgress<DemoWriteProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var erp = Directory.CreateDirectory(Path.Combine(folder, "erp")).FullName;
        var crm = Directory.CreateDirectory(Path.Combine(folder, "crm")).FullName;
        var truth = Directory.CreateDirectory(Path.Combine(folder, "truth")).FullName;
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);

        WriteMasterData(world, erp, crm, counts);

        using (var header = CsvFile(Path.Combine(erp, "SO_HEADER.csv"), "SO_NO", "CUST_NO", "SO_DATE", "REQ_DATE", "STATUS", "CURR"))
        using (var line = CsvFile(Path.Combine(erp, "SO_LINE.csv"), "SO_NO", "LINE_NO", "ITEM_NO", "QTY", "PRICE", "RTN_FLAG"))
        using (var invoice = CsvFile(Path.Combine(erp, "AR_INVOICE.csv"), "INV_NO", "CUST_NO", "SO_NO", "INV_DATE", "DUE_DATE", "AMT", "PAID_AMT", "CURR"))
        using (var activity = CsvFile(Path.Combine(crm, "Activities.csv"), "Activity_Id", "Account_Id", "Owner_Id", "Contact_Id", "Type", "Activity_Date", "Subject"))
        {
            var done = 0;
            foreach (var history in world.Histories())
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var o in history.Orders)
                {
                    header.Row(o.Number, o.Customer.Code, o.OrderDate.ToString(ErpDate, CultureInfo.InvariantCulture),
                        o.RequestedDate.ToString(ErpDate, CultureInfo.InvariantCulture), StatusCode(o.Status), o.Currency);
                    foreach (var l in o.Lines)
                        line.Row(o.Number, Int(l.LineNumber), l.Product.Sku, Dec(l.Quantity), Dec(l.UnitPrice), l.IsReturn ? "Y" : "N");
                }
                foreach (var i in history.Invoices)
                    invoice.Row(i.Number, i.Customer.Code, i.OrderNumber, Roc(i.InvoiceDate), Roc(i.DueDate), Dec(i.Amount), Dec(i.PaidAmount), i.Currency);
                foreach (var a in history.Activities)
                {
                    activity.Row(a.Id, a.Account.Id, a.Rep.Id, a.Contact?.Id ?? "", a.Kind.ToString(),
                        a.Date.ToString(CrmDate, CultureInfo.InvariantCulture), a.Subject);
                }
                done++;
                if (progress is not null && (done % 50 == 0 || done == world.Companies.Count))
                    progress.Report(new DemoWriteProgress(done, world.Companies.Count, header.Rows + line.Rows + invoice.Rows + activity.Rows + counts.Values.Sum()));
            }
            counts["erp/SO_HEADER.csv"] = header.Rows;
            counts["erp/SO_LINE.csv"] = line.Rows;
            counts["erp/AR_INVOICE.csv"] = invoice.Rows;
            counts["crm/Activities.csv"] = activity.Rows;
        }

        WriteTruth(world, truth, counts);
        return new DemoWriteSummary(counts);
    }

    private static void WriteMasterData(DemoWorld world, string erp, string crm, SortedDictionary<string, long> counts)
    {
        using (var f = CsvFile(Path.Combine(erp, "CUSTOMER.csv"), "CUST_NO", "CUST_NM", "TAX_ID", "CNTRY", "LANG", "PAY_TERM", "CREDIT_LMT", "EMAIL"))
        {
            foreach (var c in world.Customers)
                f.Row(c.Code, c.Name, c.TaxId ?? "", c.Country, c.Language, c.PaymentTerm, Dec(c.CreditLimit), c.Email ?? "");
            counts["erp/CUSTOMER.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(erp, "ITEM.csv"), "ITEM_NO", "ITEM_DESC", "FAMILY", "UOM", "VENDOR", "LT_DAYS", "MOQ", "PACK_QTY", "STD_COST", "LIST_PRICE"))
        {
            foreach (var p in world.Products)
                f.Row(p.Sku, p.Name, p.Family, p.Unit, p.Supplier, Int(p.LeadTimeDays), Dec(p.Moq), Dec(p.PackSize), Dec(p.StandardCost), Dec(p.ListPrice));
            counts["erp/ITEM.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(erp, "STOCK.csv"), "ITEM_NO", "WH", "QTY_ON_HAND", "AS_OF"))
        {
            foreach (var s in world.Stock)
                f.Row(s.Product.Sku, s.Warehouse, Dec(s.Quantity), s.AsOf.ToString(ErpDate, CultureInfo.InvariantCulture));
            counts["erp/STOCK.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(erp, "PO_OPEN.csv"), "PO_NO", "LINE_NO", "ITEM_NO", "QTY", "ETA", "VENDOR"))
        {
            foreach (var p in world.PurchaseOrders)
                f.Row(p.Number, Int(p.LineNumber), p.Product.Sku, Dec(p.Quantity), p.ExpectedDate.ToString(ErpDate, CultureInfo.InvariantCulture), p.Supplier);
            counts["erp/PO_OPEN.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(crm, "Users.csv"), "User_Id", "Full_Name", "Email", "Team", "Is_Active"))
        {
            foreach (var r in world.Reps)
                f.Row(r.Id, r.Name, r.Email, r.Team, r.Active ? "true" : "false");
            counts["crm/Users.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(crm, "Accounts.csv"), "Account_Id", "Client_Name", "Email_Domain", "Tax_Number", "Country", "Phone", "Owner_Id"))
        {
            foreach (var a in world.Accounts)
                f.Row(a.Id, a.Name, a.EmailDomain ?? "", a.TaxNumber ?? "", a.Country ?? "", a.Phone, a.Owner.Id);
            counts["crm/Accounts.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(crm, "Contacts.csv"), "Contact_Id", "Account_Id", "Contact_Name", "Email", "Phone", "Preferred_Language", "Email_Opt_Out"))
        {
            foreach (var c in world.Accounts.SelectMany(a => a.Contacts))
                f.Row(c.Id, c.Account.Id, c.Name, c.Email ?? "", c.Phone, c.Language, c.OptedOut ? "1" : "0");
            counts["crm/Contacts.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(crm, "Opportunities.csv"), "Opportunity_Id", "Account_Id", "Owner_Id", "Opportunity_Name", "Stage", "Amount", "Created_Date", "Close_Date", "Closed_Date", "Status", "Lead_Source"))
        using (var l = CsvFile(Path.Combine(crm, "Opportunity_Products.csv"), "Line_Id", "Opportunity_Id", "Product_Code", "Quantity", "Sales_Price"))
        {
            foreach (var o in world.Opportunities)
            {
                f.Row(o.Id, o.Account.Id, o.Owner.Id, o.Name, o.Stage, Dec(o.Amount), o.CreatedOn.ToString(CrmDate, CultureInfo.InvariantCulture),
                    o.ExpectedClose.ToString(CrmDate, CultureInfo.InvariantCulture), o.ClosedOn?.ToString(CrmDate, CultureInfo.InvariantCulture) ?? "",
                    o.Outcome.ToString(), o.LeadSource);
                foreach (var line in o.Lines)
                    l.Row(line.Id, o.Id, line.Product.Sku, Dec(line.Quantity), Dec(line.UnitPrice));
            }
            counts["crm/Opportunities.csv"] = f.Rows;
            counts["crm/Opportunity_Products.csv"] = l.Rows;
        }
    }

    private static void WriteTruth(DemoWorld world, string truth, SortedDictionary<string, long> counts)
    {
        using (var f = CsvFile(Path.Combine(truth, "customer_links.csv"), "Account_Id", "CUST_NO"))
        {
            foreach (var a in world.Accounts)
                f.Row(a.Id, a.Company.Customer?.Code ?? "");
            counts["truth/customer_links.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(truth, "reorder_cycles.csv"), "CUST_NO", "ITEM_NO", "mean_cycle_days", "cycle_cv", "mean_qty", "start_date", "churn_date", "growth_per_year", "pattern"))
        {
            foreach (var c in world.Customers)
            {
                foreach (var p in c.Pairs)
                {
                    f.Row(c.Code, p.Product.Sku, Dbl(p.MeanCycleDays), Dbl(p.CycleCv), Dbl(p.MeanQuantity), Iso(p.Start),
                        p.ChurnOn is { } churn ? Iso(churn) : "", Dbl(Math.Round(c.Growth, 4)), p.Product.Pattern.ToString());
                }
            }
            counts["truth/reorder_cycles.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(truth, "opportunities.csv"), "Opportunity_Id", "true_win_probability"))
        {
            foreach (var opportunity in world.Opportunities)
                f.Row(opportunity.Id, Dbl(opportunity.TrueWinProbability));
            counts["truth/opportunities.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(truth, "owner_conflicts.csv"), "CUST_NO", "Account_Ids", "User_Ids", "reason"))
        {
            foreach (var c in world.OwnerConflicts)
                f.Row(c.Company.Customer?.Code ?? "", string.Join(';', c.Accounts.Select(a => a.Id)), string.Join(';', c.Reps.Select(r => r.Id)), c.Reason);
            counts["truth/owner_conflicts.csv"] = f.Rows;
        }
        var o = world.Options;
        var json = new
        {
            generator = "forecast-demo generate",
            format = "docs/demo-world-format.md",
            seed = o.Seed,
            customers = o.Customers,
            products = o.Products,
            years = o.Years,
            as_of = Iso(o.AsOf),
            start = Iso(o.Start),
            counts = new
            {
                companies = world.Companies.Count,
                erp_customers = world.Customers.Count,
                crm_accounts = world.Accounts.Count,
                prospects = world.Prospects.Count(),
                reps = world.Reps.Count,
                products = world.Products.Count,
                customer_product_pairs = world.Customers.Sum(c => c.Pairs.Count),
                opportunities = world.Opportunities.Count,
                owner_conflicts = world.OwnerConflicts.Count,
            },
        };
        File.WriteAllText(Path.Combine(truth, "world.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
    }

    /// <summary>ROC (Minguo) calendar: year − 1911, three digits: 2024-05-02 is <c>113/05/02</c>.</summary>
    public static string Roc(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{day.Year - 1911:D3}/{day.Month:D2}/{day.Day:D2}");

    private static string StatusCode(SalesOrderStatus status) => status switch
    {
        SalesOrderStatus.Open => "O",
        SalesOrderStatus.Shipped => "S",
        SalesOrderStatus.Invoiced => "I",
        _ => "X",
    };

    private static string Dec(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Dbl(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One CSV file: header first, then rows of already formatted strings (RFC 4180, CRLF, UTF-8 without BOM).</summary>
    private static CsvExport CsvFile(string path, params string[] header) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), header, byteOrderMark: false);
}
