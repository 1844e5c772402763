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
    public static DemoWriteSummary Write(DemoWorld world, string folder, IProgress<DemoWriteProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.Combine(folder, "erp"));
        Directory.CreateDirectory(Path.Combine(folder, "crm"));
        var truth = Directory.CreateDirectory(Path.Combine(folder, "truth")).FullName;
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);

        WriteMasterData(world, folder, counts);

        using (var header = CsvFile(folder, DemoExport.Orders))
        using (var line = CsvFile(folder, DemoExport.OrderLines))
        using (var invoice = CsvFile(folder, DemoExport.Invoices))
        using (var activity = CsvFile(folder, DemoExport.Activities))
        {
            var done = 0;
            foreach (var history in world.Histories())
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var o in history.Orders)
                {
                    header.Row(DemoExport.Orders.Row(o));
                    foreach (var l in o.Lines)
                        line.Row(DemoExport.OrderLines.Row((o, l)));
                }
                foreach (var i in history.Invoices)
                    invoice.Row(DemoExport.Invoices.Row(i));
                foreach (var a in history.Activities)
                    activity.Row(DemoExport.Activities.Row(a));
                done++;
                if (progress is not null && (done % 50 == 0 || done == world.Companies.Count))
                    progress.Report(new DemoWriteProgress(done, world.Companies.Count, header.Rows + line.Rows + invoice.Rows + activity.Rows + counts.Values.Sum()));
            }
            counts[CountKey(DemoExport.Orders)] = header.Rows;
            counts[CountKey(DemoExport.OrderLines)] = line.Rows;
            counts[CountKey(DemoExport.Invoices)] = invoice.Rows;
            counts[CountKey(DemoExport.Activities)] = activity.Rows;
        }

        WriteTruth(world, truth, counts);
        return new DemoWriteSummary(counts);
    }

    private static void WriteMasterData(DemoWorld world, string folder, SortedDictionary<string, long> counts)
    {
        WriteAll(folder, DemoExport.Customers, world.Customers, counts);
        WriteAll(folder, DemoExport.Products, world.Products, counts);
        WriteAll(folder, DemoExport.Stock, world.Stock, counts);
        WriteAll(folder, DemoExport.PurchaseOrders, world.PurchaseOrders, counts);
        WriteAll(folder, DemoExport.CostChanges, world.CostChanges, counts);
        WriteAll(folder, DemoExport.Reps, world.Reps, counts);
        WriteAll(folder, DemoExport.Accounts, world.Accounts, counts);
        WriteAll(folder, DemoExport.Contacts, world.Accounts.SelectMany(a => a.Contacts), counts);
        using (var f = CsvFile(folder, DemoExport.Opportunities))
        using (var l = CsvFile(folder, DemoExport.OpportunityLines))
        {
            foreach (var o in world.Opportunities)
            {
                f.Row(DemoExport.Opportunities.Row(o));
                foreach (var line in o.Lines)
                    l.Row(DemoExport.OpportunityLines.Row((o, line)));
            }
            counts[CountKey(DemoExport.Opportunities)] = f.Rows;
            counts[CountKey(DemoExport.OpportunityLines)] = l.Rows;
        }
    }

    private static void WriteAll<T>(string folder, DemoExportFile<T> file, IEnumerable<T> items, SortedDictionary<string, long> counts)
    {
        using var f = CsvFile(folder, file);
        foreach (var item in items)
            f.Row(file.Row(item));
        counts[CountKey(file)] = f.Rows;
    }

    private static string CountKey<T>(DemoExportFile<T> file) => file.System + "/" + file.Name;

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
        using (var f = CsvFile(Path.Combine(truth, "opportunities.csv"), "Opportunity_Id", "true_win_probability", "price_ratio", "price_logit_intercept", "price_logit_slope"))
        {
            foreach (var opportunity in world.Opportunities)
            {
                var response = opportunity.PriceResponse;
                f.Row(opportunity.Id, Dbl(opportunity.TrueWinProbability), Dbl(opportunity.PriceRatio),
                    double.IsNegativeInfinity(response.Intercept) ? "" : Dbl(Math.Round(response.Intercept, 4)), Dbl(response.Slope));
            }
            counts["truth/opportunities.csv"] = f.Rows;
        }
        using (var f = CsvFile(Path.Combine(truth, "cost_changes.csv"), "ITEM_NO", "EFF_DATE", "UNIT_COST", "reason"))
        {
            foreach (var c in world.CostChanges)
                f.Row(c.Product.Sku, Iso(c.EffectiveOn), DemoExport.Dec(c.UnitCost), c.Reason == DemoCostReason.RawMaterial ? "raw-material" : "revision");
            counts["truth/cost_changes.csv"] = f.Rows;
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
                cost_changes = world.CostChanges.Count,
                owner_conflicts = world.OwnerConflicts.Count,
            },
        };
        File.WriteAllText(Path.Combine(truth, "world.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));
    }

    /// <summary>ROC (Minguo) calendar: year − 1911, three digits: 2024-05-02 is <c>113/05/02</c>.</summary>
    public static string Roc(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{day.Year - 1911:D3}/{day.Month:D2}/{day.Day:D2}");

    private static string Dbl(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One CSV file: header first, then rows of already formatted strings (RFC 4180, CRLF, UTF-8 without BOM).</summary>
    private static CsvExport CsvFile(string path, params string[] header) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), header, byteOrderMark: false);

    private static CsvExport CsvFile<T>(string folder, DemoExportFile<T> file) =>
        CsvFile(Path.Combine(folder, file.System, file.Name), [.. file.Header]);
}
