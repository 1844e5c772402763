using System.Globalization;
using System.Text;

namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>
/// Writes the second world as its two systems export it at the end of D, plus the truth:
/// <list type="bullet">
/// <item><c>erp/</c>: tab-separated UTF-16 files with CRLF line ends (<c>CUSTMAST</c>, <c>SALESLINES</c>, <c>ARINV</c>,
/// <c>ONHAND</c>, <c>OPENPO</c>) and a Big5 item master (<c>ITEMMAST</c>); order dates <c>yyyyMMdd</c>, invoice dates
/// in ROC years (<c>115/03/07</c>), ETAs <c>dd.MM.yyyy</c>, stock counts ISO.</item>
/// <item><c>crm/</c>: a cloud CRM's comma-separated UTF-8 files with a BOM, US dates (<c>MM/dd/yyyy</c>), amounts
/// with thousands separators, countries by name.</item>
/// <item><c>truth/</c>: <c>pairs.csv</c>, <c>open_deals.csv</c>, <c>links.csv</c> (see <see cref="SecondWorldTruth"/>).</item>
/// </list>
/// Only what was known by D is written: orders on or before D with their status then, each open deal's stage and
/// expected close as they were on D (deals closed after D are open), accounts and activities created by D.
/// </summary>
public static class SecondWorldExport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(SecondWorld world, string folder)
    {
        ArgumentNullException.ThrowIfNull(world);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var asOf = world.AsOf;
        var erp = Directory.CreateDirectory(Path.Combine(folder, "erp")).FullName;
        var crm = Directory.CreateDirectory(Path.Combine(folder, "crm")).FullName;
        var truth = Directory.CreateDirectory(Path.Combine(folder, "truth")).FullName;
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
        var big5 = Encoding.GetEncoding("big5", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

        WriteTable(Path.Combine(erp, "CUSTMAST.txt"), utf16, '\t', "\r\n",
            ["CustomerNo", "RegisteredName", "EnglishName", "UBN", "CountryCode", "Lang", "PurchasingEmail", "Terms", "CreditLimit", "OpenedOn"],
            world.Customers.Where(c => c.Since <= asOf).OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new[]
            {
                c.Code, c.RegisteredName, c.EnglishName ?? "", c.Company.TaxId ?? "", c.Country, c.Company.Language, c.ErpEmail ?? "",
                c.TermsCode, Number(c.CreditLimit), c.Since.ToString("dd.MM.yyyy", Invariant),
            }));

        WriteTable(Path.Combine(erp, "ITEMMAST.txt"), big5, '\t', "\r\n",
            ["PartNo", "Description", "ProductLine", "UoM", "MainVendor", "LeadTime", "MinOrderQty", "PackQty", "StdCost", "ListPrice", "ItemStatus"],
            world.Products.Where(p => p.LaunchedOn is null || p.LaunchedOn <= asOf).OrderBy(p => p.Sku, StringComparer.Ordinal).Select(p => new[]
            {
                p.Sku, p.Name, p.Family, p.Unit, p.Supplier, p.LeadTimeDays.ToString(Invariant), Number(p.Moq), Number(p.PackSize),
                Number(p.UnitCost), Number(p.ListPrice), p.DiscontinuedOn <= asOf ? "D" : "A",
            }));

        WriteTable(Path.Combine(erp, "SALESLINES.txt"), utf16, '\t', "\r\n",
            ["OrderNo", "OrderDate", "CustomerNo", "Status", "Currency", "ReqDate", "LineNo", "PartNo", "Qty", "UnitPrice", "LineType"],
            world.Orders.Where(o => o.Date <= asOf).OrderBy(o => o.Date).ThenBy(o => o.Number, StringComparer.Ordinal)
                .SelectMany(o => o.Lines.Select((l, i) => new[]
                {
                    o.Number, o.Date.ToString("yyyyMMdd", Invariant), o.Customer.Code, StatusCode(o.StatusOn(asOf)), o.Customer.Currency,
                    o.RequestedDate?.ToString("yyyyMMdd", Invariant) ?? "", ((i + 1) * 10).ToString(Invariant), l.Product.Sku,
                    Number(l.Quantity), Number(l.UnitPrice), l.IsReturn ? "R" : "N",
                })));

        WriteTable(Path.Combine(erp, "ARINV.txt"), utf16, '\t', "\r\n",
            ["InvoiceNo", "CustomerNo", "OrderNo", "InvDate", "DueDate", "Amount", "Paid", "Currency"],
            world.Invoices.Where(i => i.InvoiceDate <= asOf).Select(i => new[]
            {
                i.Number, i.Order.Customer.Code, i.Order.Number, Roc(i.InvoiceDate), Roc(i.DueDate), Number(i.Amount),
                Number(i.PaidAmountOn(asOf)), i.Order.Customer.Currency,
            }));

        WriteTable(Path.Combine(erp, "ONHAND.txt"), utf16, '\t', "\r\n",
            ["PartNo", "Whse", "OnHand", "CountDate"],
            world.Stock.Select(s => new[] { s.Product.Sku, s.Warehouse, Number(s.Quantity), s.CountedOn.ToString("yyyy-MM-dd", Invariant) }));

        WriteTable(Path.Combine(erp, "OPENPO.txt"), utf16, '\t', "\r\n",
            ["PONo", "POLine", "PartNo", "QtyOpen", "ETA", "Vendor"],
            world.Supply.Select(s => new[]
            {
                s.PurchaseOrder, s.Line.ToString(Invariant), s.Product.Sku, Number(s.Quantity), s.ExpectedOn.ToString("dd.MM.yyyy", Invariant), s.Supplier,
            }));

        var accounts = world.Accounts.Where(a => a.CreatedOn <= asOf).ToList();
        var exported = accounts.ToHashSet();
        WriteTable(Path.Combine(crm, "crm_users.csv"), utf8Bom, ',', "\n",
            ["UserID", "DisplayName", "Mail", "SalesTeam", "Status"],
            world.Reps.Where(r => r.JoinedOn <= asOf).Select(r => new[] { r.Id, r.Name, r.Email, r.Team, r.LeftOn <= asOf ? "Disabled" : "Active" }));

        WriteTable(Path.Combine(crm, "crm_companies.csv"), utf8Bom, ',', "\n",
            ["CompanyID", "CompanyName", "Website", "VATNumber", "Country", "Phone", "OwnerID", "CreatedDate"],
            accounts.Select(a => new[]
            {
                a.Id, a.Name, a.Website ?? "", a.TaxId ?? "", a.CountryName ?? "", a.Phone ?? "", a.OwnerOn(asOf).Id, Us(a.CreatedOn),
            }));

        WriteTable(Path.Combine(crm, "crm_contacts.csv"), utf8Bom, ',', "\n",
            ["ContactID", "CompanyID", "FullName", "Email", "Mobile", "Language", "DoNotEmail"],
            world.Contacts.Where(c => exported.Contains(c.Account)).Select(c => new[]
            {
                c.Id, c.Account.Id, c.Name, c.Email ?? "", c.Phone ?? "", c.Language, c.OptedOut ? "Yes" : "No",
            }));

        var deals = world.Deals.Where(d => d.CreatedOn <= asOf).ToList();
        WriteTable(Path.Combine(crm, "crm_deals.csv"), utf8Bom, ',', "\n",
            ["DealID", "CompanyID", "OwnerID", "DealName", "PipelineStage", "Amount", "CreatedAt", "TargetCloseDate", "ClosedAt", "Result", "Source"],
            deals.Select(d =>
            {
                var closed = d.ClosedOn <= asOf;
                return new[]
                {
                    d.Id, d.Account.Id, d.Owner.Id, d.Name,
                    closed ? (d.Won ? "Closed Won" : "Closed Lost") : DealLaw.Stages[d.StageOn(asOf)],
                    d.Amount.ToString("#,##0", Invariant), Us(d.CreatedOn),
                    Us(d.ExpectedCloseOn(closed ? d.ClosedOn!.Value.AddDays(-1) : asOf)),
                    closed ? Us(d.ClosedOn!.Value) : "",
                    closed ? (d.Won ? "Won" : "Lost") : "In progress",
                    d.LeadSource,
                };
            }));

        WriteTable(Path.Combine(crm, "crm_deal_items.csv"), utf8Bom, ',', "\n",
            ["ItemID", "DealID", "SKU", "Qty", "Price"],
            deals.SelectMany(d => d.Lines.Select(l => new[] { l.Id, d.Id, l.Product.Sku, Number(l.Quantity), Number(l.UnitPrice) })));

        WriteTable(Path.Combine(crm, "crm_activities.csv"), utf8Bom, ',', "\n",
            ["ActivityID", "CompanyID", "OwnerID", "ContactID", "Type", "When", "Notes"],
            world.Activities.Where(a => DateOnly.FromDateTime(a.At) <= asOf && exported.Contains(a.Account)).Select(a => new[]
            {
                a.Id, a.Account.Id, a.Rep.Id, a.Contact?.Id ?? "", a.Kind, a.At.ToString("MM/dd/yyyy HH:mm", Invariant), a.Subject,
            }));

        var t = world.Truth();
        var utf8 = new UTF8Encoding(false);
        WriteTable(Path.Combine(truth, "pairs.csv"), utf8, ',', "\n",
            ["customer", "sku", "law", "cycle_days", "order_days_by_as_of", "last_order", "next_order", "stops_on", "churned", "customer_churned", "dormant", "from_won_deal"],
            t.Pairs.Select(p => new[]
            {
                p.Customer, p.Sku, p.Law.ToString(), p.CycleDaysOnAsOf.ToString("0.0", Invariant), p.OrderDaysByAsOf.ToString(Invariant), Iso(p.LastOrderByAsOf),
                p.NextOrder is { } n ? Iso(n) : "", p.StopsOn is { } s ? Iso(s) : "", Flag(p.ChurnedByAsOf), Flag(p.CustomerChurnedByAsOf), Flag(p.DormantOnAsOf), Flag(p.FromWonDeal),
            }));
        WriteTable(Path.Combine(truth, "open_deals.csv"), utf8, ',', "\n",
            ["deal", "stage_on_as_of", "win_probability", "won", "closed_on"],
            t.OpenDeals.Select(d => new[] { d.DealId, d.StageOnAsOf, d.WinProbability.ToString("0.0000", Invariant), Flag(d.Won), Iso(d.ClosedOn) }));
        WriteTable(Path.Combine(truth, "links.csv"), utf8, ',', "\n",
            ["account", "customer", "name_kind", "has_tax_id", "has_website"],
            t.Links.Select(l => new[] { l.AccountId, l.CustomerCode ?? "", l.NameKind, Flag(l.HasTaxId), Flag(l.HasWebsite) }));
    }

    private static string StatusCode(WorldOrderStatus status) => status switch
    {
        WorldOrderStatus.Open => "OP",
        WorldOrderStatus.Shipped => "SH",
        WorldOrderStatus.Invoiced => "IV",
        _ => "CX",
    };

    private static string Number(decimal value) => value.ToString("0.####", Invariant);

    /// <summary>ROC (Minguo) year, as Taiwanese invoices print it: 2026-03-07 is 115/03/07.</summary>
    private static string Roc(DateOnly day) => $"{(day.Year - 1911).ToString(Invariant)}/{day:MM}/{day:dd}";

    private static string Us(DateOnly day) => day.ToString("MM/dd/yyyy", Invariant);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    private static string Flag(bool value) => value ? "1" : "0";

    private static void WriteTable(string path, Encoding encoding, char delimiter, string newLine, string[] header, IEnumerable<string[]> rows)
    {
        using var writer = new StreamWriter(path, append: false, encoding) { NewLine = newLine };
        writer.WriteLine(string.Join(delimiter, header.Select(h => Quote(h, delimiter))));
        foreach (var row in rows)
            writer.WriteLine(string.Join(delimiter, row.Select(v => Quote(v, delimiter))));
    }

    private static string Quote(string value, char delimiter) =>
        value.Contains(delimiter, StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
