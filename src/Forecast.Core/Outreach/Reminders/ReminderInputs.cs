using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Forecast.Core.Outreach.Drafting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>
/// What a reminder build reads, as known on the as-of day: customers, products, the reorder predictions (with the pairs
/// ordered since), the scored open deals, and for the chosen customers their reps, contacts, overdue invoices, usual
/// order values and currency. Queries only; the rules and the drafts get plain rows.
/// </summary>
public sealed class ReminderInputs(ForecastDbContext db, InventoryQueries inventory, IOptions<ReminderOptions> options, IOptions<MoneyOptions> money)
{
    /// <summary>The usual order value looks at this many of the pair's latest lines: what the customer buys now, not years ago.</summary>
    private const int RecentLinesForValue = 12;

    internal Task<Dictionary<long, CustomerRow>> CustomersAsync(CancellationToken cancellationToken) =>
        db.UnifiedCustomers.AsNoTracking()
            .Select(c => new CustomerRow(c.Id, c.DisplayName, c.ErpCustomerId, c.OwnerRepId))
            .ToDictionaryAsync(c => c.Id, cancellationToken);

    internal Task<Dictionary<long, ProductRow>> ProductsAsync(CancellationToken cancellationToken) =>
        db.Products.AsNoTracking()
            .Select(p => new ProductRow(p.Id, p.Sku, p.Name, p.Unit, p.LeadTimeDays, p.ListPrice ?? p.UnitCost ?? 0))
            .ToDictionaryAsync(p => p.Id, cancellationToken);

    internal async Task<List<PredictionRow>> PredictionsAsync(PredictionRun run, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await db.ReorderPredictions.AsNoTracking()
            .Where(r => r.PredictionRunId == run.Id)
            .Select(r => new PredictionRow(r.CustomerId, r.ProductId, r.LastOrderDate, r.OrderCount, r.TypicalCycleDays, r.PredictedDate, r.CycleP90Date,
                r.ProbabilityCustomerActive, r.ProbabilityProductActive, r.ProbabilityPairActive, r.UsualQuantity, false, r.P10Date, r.P90Date,
                r.ProbabilityWithinHorizon, r.HorizonDays))
            .ToListAsync(cancellationToken);
        if (run.AsOf >= asOf)
            return rows;
        // Orders that arrived after the predictions were made: those cycles are over.
        var since = await (
                from line in db.SalesOrderLines.AsNoTracking()
                join order in db.SalesOrders.AsNoTracking() on line.SalesOrderId equals order.Id
                where order.OrderDate > run.AsOf && order.OrderDate <= asOf && !line.IsReturn && order.Status != SalesOrderStatus.Cancelled
                select new { order.CustomerId, line.ProductId })
            .Distinct()
            .ToListAsync(cancellationToken);
        var ordered = since.Select(s => (s.CustomerId, s.ProductId)).ToHashSet();
        return rows.Select(r => ordered.Contains((r.CustomerId, r.ProductId)) ? r with { OrderedSince = true } : r).ToList();
    }

    internal async Task<List<DealRow>> DealsAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var links = await db.CustomerAccountLinks.AsNoTracking().Select(l => new { l.CrmAccountId, l.UnifiedCustomerId }).ToListAsync(cancellationToken);
        var customerOfAccount = links.ToDictionary(l => l.CrmAccountId, l => l.UnifiedCustomerId);
        var open = await db.Opportunities.AsNoTracking()
            .Where(o => o.Outcome == OpportunityOutcome.Open && o.CreatedOn <= asOf)
            .Select(o => new { o.Id, o.AccountId, o.Name, o.Amount, o.CreatedOn, o.ExpectedClose, Products = o.Lines.Select(l => l.ProductId).ToList() })
            .ToListAsync(cancellationToken);
        var openIds = open.Select(o => o.Id).ToList();
        var scores = (await db.OpportunityScores.AsNoTracking()
                .Where(s => openIds.Contains(s.OpportunityId) && s.AsOf <= asOf)
                .Select(s => new { s.OpportunityId, s.AsOf, s.Id, s.Probability })
                .ToListAsync(cancellationToken))
            .GroupBy(s => s.OpportunityId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id).First().Probability);
        var lastActivity = (await db.Activities.AsNoTracking()
                .Where(a => a.OccurredOn <= asOf)
                .GroupBy(a => a.AccountId)
                .Select(g => new { AccountId = g.Key, Last = g.Max(a => a.OccurredOn) })
                .ToListAsync(cancellationToken))
            .Where(a => customerOfAccount.ContainsKey(a.AccountId))
            .GroupBy(a => customerOfAccount[a.AccountId])
            .ToDictionary(g => g.Key, g => g.Max(a => a.Last));

        // A deal without a score yet has no expected value to rank by: it waits for the nightly win-probability stage.
        return open
            .Where(o => customerOfAccount.ContainsKey(o.AccountId) && scores.ContainsKey(o.Id))
            .Select(o =>
            {
                var customer = customerOfAccount[o.AccountId];
                var touched = lastActivity.TryGetValue(customer, out var last) && last > o.CreatedOn ? last : o.CreatedOn;
                return new DealRow(new DealSignal(customer, o.Id, o.Amount, scores[o.Id], touched), o.Name, o.ExpectedClose, o.Products.ToHashSet());
            })
            .ToList();
    }

    internal async Task<BuildContext> ContextAsync(
        List<long> customerIds, List<long> productIds, Dictionary<long, CustomerRow> customers, List<PredictionRow> predictions, List<DealRow> deals, DateOnly asOf, CancellationToken cancellationToken)
    {
        var erpIds = customerIds.Select(id => customers[id].ErpCustomerId).Where(id => id is not null).Select(id => id!.Value).ToList();
        var erpSet = erpIds.ToHashSet();
        var reps = await db.Reps.AsNoTracking().Where(r => r.Active)
            .Select(r => new RepRow(r.Id, r.Name, r.Email, r.Team))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var userCultures = (await db.Users.AsNoTracking()
                .Where(u => u.RepId != null && u.PreferredCulture != null)
                .Select(u => new { RepId = u.RepId!.Value, u.PreferredCulture })
                .ToListAsync(cancellationToken))
            .GroupBy(u => u.RepId).ToDictionary(g => g.Key, g => g.First().PreferredCulture);

        var links = await db.CustomerAccountLinks.AsNoTracking()
            .Where(l => customerIds.Contains(l.UnifiedCustomerId))
            .Select(l => new { l.CrmAccountId, l.UnifiedCustomerId })
            .ToListAsync(cancellationToken);
        var accountIds = links.Select(l => l.CrmAccountId).ToList();
        var customerOfAccount = links.ToDictionary(l => l.CrmAccountId, l => l.UnifiedCustomerId);
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => accountIds.Contains(c.AccountId))
            .Select(c => new ContactRow(c.Id, c.AccountId, c.Name, c.Email, c.PreferredLanguage, c.OptedOut))
            .ToListAsync(cancellationToken);
        var contactIds = contacts.Select(c => c.Id).ToList();
        var lastContactActivity = await db.Activities.AsNoTracking()
            .Where(a => a.ContactId != null && contactIds.Contains(a.ContactId.Value) && a.OccurredOn <= asOf)
            .GroupBy(a => a.ContactId!.Value)
            .Select(g => new { ContactId = g.Key, Last = g.Max(a => a.OccurredOn) })
            .ToDictionaryAsync(a => a.ContactId, a => a.Last, cancellationToken);

        var erpCustomers = await db.ErpCustomers.AsNoTracking()
            .Where(c => erpIds.Contains(c.Id))
            .Select(c => new ErpRow(c.Id, c.Email, c.Language))
            .ToDictionaryAsync(c => c.Id, cancellationToken);

        var overdueBefore = asOf.AddDays(-options.Value.OverdueGraceDays);
        var overdue = (await db.Invoices.AsNoTracking()
                .Where(i => erpIds.Contains(i.CustomerId) && i.InvoiceDate <= asOf && i.DueDate < overdueBefore && i.Amount > i.PaidAmount)
                .Select(i => new { i.CustomerId, i.Currency, Open = i.Amount - i.PaidAmount, i.DueDate })
                .ToListAsync(cancellationToken))
            .GroupBy(i => i.CustomerId)
            .ToDictionary(g => g.Key, g =>
            {
                // One currency per sentence: the one with the most money overdue.
                var main = g.GroupBy(i => i.Currency ?? "").OrderByDescending(c => c.Sum(i => i.Open)).First();
                return new ReceivablesFacts(main.Sum(i => i.Open), main.Key, main.Min(i => i.DueDate), main.Count());
            });

        // The usual order value of each product comes from the customer's recent ERP lines, as known on the as-of day.
        var lines = await (
                from line in db.SalesOrderLines.AsNoTracking()
                join order in db.SalesOrders.AsNoTracking() on line.SalesOrderId equals order.Id
                where erpIds.Contains(order.CustomerId) && order.OrderDate <= asOf && !line.IsReturn && line.Quantity > 0
                      && order.Status != SalesOrderStatus.Cancelled
                select new { order.CustomerId, line.ProductId, order.OrderDate, Value = line.Quantity * line.UnitPrice })
            .ToListAsync(cancellationToken);
        var lineValues = lines.GroupBy(l => (l.CustomerId, l.ProductId))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.OrderDate).Take(RecentLinesForValue).Select(l => l.Value).ToList());
        var currencies = await CustomerCurrency.OfAsync(db, erpIds, asOf, money.Value.HomeCurrency, cancellationToken);
        // Read once for the build, not twice per reminder: at 20,000 customers that was most of the stage's queries.
        var availability = await inventory.AvailabilityAsync(productIds, cancellationToken, asOf);

        return new BuildContext(
            reps,
            userCultures,
            contacts.GroupBy(c => customerOfAccount[c.AccountId]).ToDictionary(g => g.Key, g => g.ToList()),
            lastContactActivity,
            erpCustomers,
            overdue,
            predictions.Where(p => erpSet.Contains(p.CustomerId)).GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.ToList()),
            deals.GroupBy(d => d.Signal.UnifiedCustomerId).ToDictionary(g => g.Key, g => g.ToList()),
            lineValues,
            currencies,
            availability);
    }
}

internal sealed record CustomerRow(long Id, string Name, long? ErpCustomerId, long? OwnerRepId);
internal sealed record ProductRow(long Id, string Sku, string Name, string? Unit, int LeadTimeDays, decimal UnitValue);
internal sealed record RepRow(long Id, string Name, string Email, string? Team);
internal sealed record ContactRow(long Id, long AccountId, string Name, string? Email, string? Language, bool OptedOut);
internal sealed record ErpRow(long Id, string? Email, string? Language);

internal sealed record PredictionRow(
    long CustomerId, long ProductId, DateOnly LastOrderDate, int OrderCount, double TypicalCycleDays, DateOnly? PredictedDate, DateOnly? CycleP90Date,
    double ProbabilityCustomerActive, double ProbabilityProductActive, double ProbabilityPairActive, decimal UsualQuantity, bool OrderedSince,
    DateOnly? P10Date, DateOnly? P90Date, double ProbabilityWithinHorizon, int HorizonDays);

internal sealed record DealRow(DealSignal Signal, string Name, DateOnly? ExpectedClose, HashSet<long> ProductIds);

internal sealed record BuildContext(
    Dictionary<long, RepRow> Reps,
    Dictionary<long, string?> UserCultures,
    Dictionary<long, List<ContactRow>> ContactsByCustomer,
    Dictionary<long, DateOnly> LastContactActivity,
    Dictionary<long, ErpRow> ErpCustomers,
    Dictionary<long, ReceivablesFacts> Overdue,
    Dictionary<long, List<PredictionRow>> PairsByErpCustomer,
    Dictionary<long, List<DealRow>> DealsByCustomer,
    Dictionary<(long ErpCustomerId, long ProductId), List<decimal>> LineValues,
    Dictionary<long, string> Currencies,
    Dictionary<long, ProductAvailability> Availability);
