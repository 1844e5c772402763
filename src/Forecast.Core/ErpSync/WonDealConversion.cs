using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.ErpSync;

/// <summary>What a conversion scan did: won deals seen, documents written now, deals left out for having no lines.</summary>
public sealed record ConversionResult(DateOnly AsOf, int WonDeals, int SalesOrders, int Customers, int WithoutLines);

/// <summary>
/// Won deals become draft ERP sales orders, and their accounts new ERP customers when the unified customer has no ERP side
/// yet, so nobody types the deal into the ERP again. Each document's key is derived from the deal or account
/// (<c>CRM-OPP-{deal}</c>, <c>CRM-ACC-{account}</c>) and unique in the outbox: a second scan, a retried job or a scan
/// after a crash between writing and delivering writes nothing new. Scans are serialised by an advisory lock and write
/// a deal's customer and order in one transaction, the customer first so it is delivered first.
/// </summary>
public sealed partial class WonDealConversion(
    ForecastDbContext db, ErpDocuments documents, BusinessCalendar calendar, IOptions<ErpDocumentOptions> options, IOptions<MoneyOptions> money,
    ILogger<WonDealConversion> log)
{
    public const string OrderReferencePrefix = "CRM-OPP-";
    public const string CustomerReferencePrefix = "CRM-ACC-";

    public static string OrderReferenceOf(string dealKey) => OrderReferencePrefix + dealKey;

    /// <summary>Converts the deals won within <see cref="ErpDocumentOptions.WonWithinDays"/> up to <paramref name="asOf"/> (default: the business as-of date).</summary>
    public async Task<ConversionResult> ConvertAsync(DateOnly? asOf, CancellationToken cancellationToken)
    {
        var day = await calendar.ResolveAsOfAsync(asOf, cancellationToken);
        var since = day.AddDays(-options.Value.WonWithinDays);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdvisoryLock.AcquireAsync(db.Database, AdvisoryLockClass.ErpDocuments, 0, cancellationToken);
        var written = db.Set<ErpDocument>().Where(d => d.Kind == ErpDocumentKinds.SalesOrder).Select(d => d.Key);
        var deals = await db.Opportunities.AsNoTracking()
            .Where(o => o.Outcome == OpportunityOutcome.Won && (o.ClosedOn ?? o.ExpectedClose ?? o.CreatedOn) >= since && (o.ClosedOn ?? o.ExpectedClose ?? o.CreatedOn) <= day)
            .Select(o => new { Deal = o, Reference = OrderReferencePrefix + o.SourceKey, Rep = o.OwnerRep!.Email })
            .Where(o => !written.Contains(o.Reference))
            .OrderBy(o => o.Deal.Id).ToListAsync(cancellationToken);
        int orders = 0, customers = 0, withoutLines = 0;
        foreach (var d in deals)
        {
            var lines = await db.OpportunityLines.AsNoTracking().Where(l => l.OpportunityId == d.Deal.Id).OrderBy(l => l.Id)
                .Select(l => new { l.Product!.Sku, l.Quantity, l.UnitPrice, l.Product.ListPrice }).ToListAsync(cancellationToken);
            if (lines.Count == 0)
            {
                withoutLines++;
                continue;
            }
            var (code, created) = await CustomerCodeAsync(d.Deal.AccountId, cancellationToken);
            customers += created ? 1 : 0;
            var wonOn = d.Deal.ClosedOn ?? d.Deal.ExpectedClose ?? d.Deal.CreatedOn;
            var order = new SalesOrderDocument(d.Reference, d.Reference, code.Code, code.IsNew, wonOn, wonOn.AddDays(options.Value.RequestedAfterDays),
                nameof(SalesOrderStatus.Open), money.Value.HomeCurrency, d.Deal.SourceKey, d.Deal.Name, d.Rep,
                lines.Select((l, i) => new SalesOrderDocumentLine(i + 1, l.Sku, l.Quantity, l.UnitPrice ?? l.ListPrice, l.UnitPrice is null ? "list" : "deal")).ToList());
            orders += await documents.WriteAsync(ErpDocumentKinds.SalesOrder, d.Reference, order, cancellationToken) ? 1 : 0;
        }
        await transaction.CommitAsync(cancellationToken);
        LogConverted(day, deals.Count, orders, customers);
        return new ConversionResult(day, deals.Count, orders, customers, withoutLines);
    }

    /// <summary>The ERP customer of the account's unified customer; else the code of a new customer, whose document is written (once) here.</summary>
    private async Task<((string Code, bool IsNew), bool Created)> CustomerCodeAsync(long accountId, CancellationToken cancellationToken)
    {
        var existing = await db.CustomerAccountLinks.AsNoTracking().Where(l => l.CrmAccountId == accountId && l.UnifiedCustomer!.ErpCustomerId != null)
            .Select(l => l.UnifiedCustomer!.ErpCustomer!.Code).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
            return ((existing, false), false);
        var account = await db.CrmAccounts.AsNoTracking().SingleAsync(a => a.Id == accountId, cancellationToken);
        // The CRM keeps no primary contact: the first one with a language speaks for the account.
        var contact = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId).OrderBy(c => c.PreferredLanguage == null).ThenBy(c => c.Id)
            .Select(c => new { c.PreferredLanguage, c.Email }).FirstOrDefaultAsync(cancellationToken);
        var code = CustomerReferencePrefix + account.SourceKey;
        var customer = new CustomerDocument(code, account.Name, account.TaxId, account.Country, account.Phone, contact?.PreferredLanguage, contact?.Email,
            options.Value.DefaultPaymentTermsDays, code, account.SourceKey);
        var created = await documents.WriteAsync(ErpDocumentKinds.Customer, code, customer, cancellationToken);
        return ((code, true), created);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Won deals as of {AsOf}: {Deals} to convert, {Orders} draft order(s) and {Customers} new customer(s) written")]
    private partial void LogConverted(DateOnly asOf, int deals, int orders, int customers);
}
