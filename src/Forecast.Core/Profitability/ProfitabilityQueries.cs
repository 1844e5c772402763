using Forecast.Core.CustomerView;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Modeling.Lifetimes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Profitability;

/// <summary>
/// Customer profitability, "high revenue, low profit": per customer, revenue and gross margin from the ERP's order lines
/// and product costs, against the effort the CRM shows (activities at a cost per kind, deals lost, discounts below list
/// price, days sales outstanding), over the last <see cref="ProfitabilityOptions.WindowMonths"/> months to the data's
/// as-of date and the same span before it. A rep sees their own customers; everyone else sees all, with a total per rep.
/// The residual lifetime value comes from BG/NBD (purchases) × Gamma-Gamma (value per purchase) fitted on every
/// customer's order days, times the customer's margin rate.
/// </summary>
public sealed class ProfitabilityQueries(ForecastDbContext db, CustomerQueries customers, IOptions<ProfitabilityOptions> options, IOptions<MoneyOptions> money)
{
    private const double WeeksPerMonth = 52.0 / 12;

    /// <summary>Customers with repeat purchases below which no lifetime model is fitted: the parameters would be noise.</summary>
    public const int MinimumRepeatBuyers = 20;

    public Task<ProfitabilityReport> GetAsync(CustomerScope scope, ProfitabilitySort sort, bool onlyEffortUpMarginDown, int skip, int take, CancellationToken cancellationToken) =>
        GetAsync(scope, sort, onlyEffortUpMarginDown, skip, take, null, cancellationToken);

    /// <summary>
    /// The report as of <paramref name="day"/> (null: the last day with data): windows, lifetime values and receivables
    /// from the orders, activities and invoices dated on or before it, so a past day sees only what was known then.
    /// </summary>
    public async Task<ProfitabilityReport> GetAsync(CustomerScope scope, ProfitabilitySort sort, bool onlyEffortUpMarginDown, int skip, int take, DateOnly? day, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var home = money.Value.HomeCurrency;
        var asOf = day ?? await customers.AsOfAsync(cancellationToken);
        var windowStart = asOf.AddMonths(-settings.WindowMonths);
        var priorStart = windowStart.AddMonths(-settings.WindowMonths);

        var visible = await customers.Visible(scope)
            .Select(c => new { c.Id, c.DisplayName, c.ErpCustomerId, c.OwnerRepId, OwnerName = c.OwnerRep == null ? null : c.OwnerRep.Name })
            .ToListAsync(cancellationToken);
        var visibleErp = visible.Where(c => c.ErpCustomerId != null).Select(c => c.ErpCustomerId!.Value).ToList();
        var visibleIds = visible.Select(c => c.Id).ToList();

        var lines = await (
                from l in db.SalesOrderLines.AsNoTracking()
                join o in db.SalesOrders.AsNoTracking() on l.SalesOrderId equals o.Id
                join p in db.Products.AsNoTracking() on l.ProductId equals p.Id
                where o.Status != SalesOrderStatus.Cancelled && o.OrderDate > priorStart && o.OrderDate <= asOf && visibleErp.Contains(o.CustomerId)
                group new { l.Quantity, l.UnitPrice, p.UnitCost, p.ListPrice } by new { o.CustomerId, o.Currency, Current = o.OrderDate > windowStart } into g
                select new
                {
                    g.Key.CustomerId,
                    g.Key.Currency,
                    g.Key.Current,
                    Revenue = g.Sum(x => x.Quantity * x.UnitPrice),
                    Cost = g.Sum(x => x.UnitCost != null ? x.Quantity * x.UnitCost.Value : 0m),
                    CostedRevenue = g.Sum(x => x.UnitCost != null ? x.Quantity * x.UnitPrice : 0m),
                    // A zero price is a line the ERP exported without one, not a 100% discount.
                    Discount = g.Sum(x => x.ListPrice != null && x.UnitPrice > 0 && x.Quantity > 0 && x.ListPrice.Value > x.UnitPrice
                        ? x.Quantity * (x.ListPrice.Value - x.UnitPrice) : 0m),
                })
            .ToListAsync(cancellationToken);

        var effort = await (
                from a in db.Activities.AsNoTracking()
                join link in db.CustomerAccountLinks.AsNoTracking() on a.AccountId equals link.CrmAccountId
                where a.OccurredOn > priorStart && a.OccurredOn <= asOf && visibleIds.Contains(link.UnifiedCustomerId)
                group a by new { link.UnifiedCustomerId, a.Kind, Current = a.OccurredOn > windowStart } into g
                select new { g.Key.UnifiedCustomerId, g.Key.Kind, g.Key.Current, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var lost = await (
                from o in db.Opportunities.AsNoTracking()
                join link in db.CustomerAccountLinks.AsNoTracking() on o.AccountId equals link.CrmAccountId
                where o.Outcome == OpportunityOutcome.Lost && o.ClosedOn > windowStart && o.ClosedOn <= asOf && visibleIds.Contains(link.UnifiedCustomerId)
                group o by link.UnifiedCustomerId into g
                select new { UnifiedCustomerId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.UnifiedCustomerId, x => x.Count, cancellationToken);

        var receivables = await (
                from i in db.Invoices.AsNoTracking()
                where i.InvoiceDate <= asOf && visibleErp.Contains(i.CustomerId)
                group i by new { i.CustomerId, i.Currency } into g
                select new
                {
                    g.Key.CustomerId,
                    g.Key.Currency,
                    Open = g.Sum(i => i.Amount - i.PaidAmount),
                    Invoiced = g.Sum(i => i.InvoiceDate > windowStart ? i.Amount : 0m),
                })
            .ToListAsync(cancellationToken);

        var lifetime = await FitLifetimeAsync(asOf, settings, home, cancellationToken);

        var rows = new List<CustomerProfitability>();
        var uncomparable = new List<UncomparableCustomer>();
        var windowDays = asOf.DayNumber - windowStart.DayNumber;
        // Grouped once: a scan per customer would be customers × rows on a large base.
        var linesByCustomer = lines.ToLookup(l => l.CustomerId);
        var invoicesByCustomer = receivables.ToLookup(r => r.CustomerId);
        var effortByCustomer = effort.ToLookup(e => e.UnifiedCustomerId);
        foreach (var c in visible)
        {
            var own = c.ErpCustomerId is { } erp ? linesByCustomer[erp].ToList() : [];
            var ownInvoices = c.ErpCustomerId is { } erpId ? invoicesByCustomer[erpId].ToList() : [];
            var missing = own.Select(l => l.Currency).Concat(ownInvoices.Select(r => r.Currency))
                .Where(currency => Rate(currency, home, settings) is null).Select(currency => currency!).Distinct().Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                uncomparable.Add(new UncomparableCustomer(c.Id, c.DisplayName, missing));
                continue;
            }
            var revenue = own.Where(l => l.Current).Sum(l => l.Revenue * Rate(l.Currency, home, settings)!.Value);
            var costed = own.Where(l => l.Current).Sum(l => l.CostedRevenue * Rate(l.Currency, home, settings)!.Value);
            // Product costs are the ERP's, in the home currency whatever the order's currency; only prices are converted.
            var cost = own.Where(l => l.Current).Sum(l => l.Cost);
            var priorMargin = own.Where(l => !l.Current).Sum(l => l.CostedRevenue * Rate(l.Currency, home, settings)!.Value - l.Cost);
            var discounts = own.Where(l => l.Current && (l.Currency is null || string.Equals(l.Currency, home, StringComparison.OrdinalIgnoreCase))).Sum(l => l.Discount);
            var ownEffort = effortByCustomer[c.Id].ToList();
            var effortNow = Enum.GetValues<ActivityKind>()
                .Select(kind => ownEffort.Where(e => e.Current && e.Kind == kind).Sum(e => e.Count))
                .Select((count, i) => new EffortView((ActivityKind)i, count, count * settings.CostOf((ActivityKind)i)))
                .Where(e => e.Count > 0)
                .ToList();
            var costToServe = effortNow.Sum(e => e.Cost);
            var priorCostToServe = ownEffort.Where(e => !e.Current).Sum(e => e.Count * settings.CostOf(e.Kind));
            var dealsLost = lost.GetValueOrDefault(c.Id);
            if (own.Count == 0 && ownEffort.Count == 0 && dealsLost == 0)
                continue;
            var margin = costed - cost;
            var open = ownInvoices.Sum(r => r.Open * Rate(r.Currency, home, settings)!.Value);
            var invoiced = ownInvoices.Sum(r => r.Invoiced * Rate(r.Currency, home, settings)!.Value);
            double? dso = invoiced > 0 ? (double)(open / invoiced) * windowDays : null;
            double? marginRate = costed > 0 ? (double)(margin / costed) : null;
            var effortGrew = costToServe > priorCostToServe * (decimal)(1 + settings.EffortGrowth) && costToServe > 0;
            // The customer's own margin rate where its lines have costs, else the base's; none at all: no value claimed.
            var ltvMarginRate = marginRate ?? lifetime.OverallMarginRate;
            decimal? ltv = c.ErpCustomerId is { } forLtv && lifetime.Values.TryGetValue(forLtv, out var expectedRevenue) && ltvMarginRate is { } rate
                ? decimal.Round((decimal)(expectedRevenue * Math.Clamp(rate, 0, 1)), 2) : null;
            rows.Add(new CustomerProfitability(
                c.Id, c.DisplayName, c.OwnerRepId, c.OwnerName, revenue, revenue - costed, margin, marginRate, costToServe, margin - costToServe,
                effortNow, dealsLost, discounts, dso, priorMargin, priorCostToServe, effortGrew && margin < priorMargin, ltv));
        }

        var reps = scope.IsAll
            ? rows.GroupBy(r => (r.OwnerRepId, r.OwnerName))
                .Select(g => new RepProfitability(g.Key.OwnerRepId, g.Key.OwnerName, g.Count(), g.Sum(r => r.Revenue), g.Sum(r => r.GrossMargin),
                    g.Sum(r => r.CostToServe), g.Sum(r => r.MarginAfterCost), g.Count(r => r.EffortUpMarginDown)))
                .OrderByDescending(r => r.MarginAfterCost).ToList()
            : [];

        var filtered = onlyEffortUpMarginDown ? rows.Where(r => r.EffortUpMarginDown) : rows;
        IOrderedEnumerable<CustomerProfitability> sorted = sort switch
        {
            ProfitabilitySort.LowestMarginAfterCost => filtered.OrderBy(r => r.MarginAfterCost),
            ProfitabilitySort.Revenue => filtered.OrderByDescending(r => r.Revenue),
            ProfitabilitySort.CostToServe => filtered.OrderByDescending(r => r.CostToServe),
            ProfitabilitySort.LifetimeValue => filtered.OrderBy(r => r.LifetimeValue is null).ThenByDescending(r => r.LifetimeValue),
            ProfitabilitySort.Customer => filtered.OrderBy(r => r.Name, StringComparer.CurrentCulture),
            _ => filtered.OrderByDescending(r => r.MarginAfterCost),
        };
        var all = sorted.ThenBy(r => r.CustomerId).ToList();
        var page = all.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToList();
        return new ProfitabilityReport(asOf, windowStart, priorStart, settings.WindowMonths, home, all.Count, page, reps,
            uncomparable.OrderBy(u => u.Name, StringComparer.CurrentCulture).ToList(), lifetime.View);
    }

    private static decimal? Rate(string? currency, string home, ProfitabilityOptions settings) =>
        string.IsNullOrWhiteSpace(currency) || string.Equals(currency, home, StringComparison.OrdinalIgnoreCase) ? 1m
        : settings.ExchangeRates.TryGetValue(currency, out var rate) && rate > 0 ? rate : null;

    private sealed record LifetimeFit(LifetimeModelView View, IReadOnlyDictionary<long, double> Values, double? OverallMarginRate);

    /// <summary>
    /// Fits BG/NBD on every ERP customer's order days up to the as-of date (weeks; same-day orders are one purchase) and
    /// Gamma-Gamma on the value of their repeat purchases, and gives each customer's discounted expected revenue over
    /// the coming months. Fitted on the whole base, whoever asks: a rep's few customers would not identify the models.
    /// </summary>
    private async Task<LifetimeFit> FitLifetimeAsync(DateOnly asOf, ProfitabilityOptions settings, string home, CancellationToken cancellationToken)
    {
        var days = await (
                from l in db.SalesOrderLines.AsNoTracking()
                join o in db.SalesOrders.AsNoTracking() on l.SalesOrderId equals o.Id
                where o.Status != SalesOrderStatus.Cancelled && o.OrderDate <= asOf && l.Quantity > 0
                group l by new { o.CustomerId, o.OrderDate, o.Currency } into g
                select new { g.Key.CustomerId, g.Key.OrderDate, g.Key.Currency, Value = g.Sum(l => l.Quantity * l.UnitPrice) })
            .ToListAsync(cancellationToken);
        var margins = await (
                from l in db.SalesOrderLines.AsNoTracking()
                join o in db.SalesOrders.AsNoTracking() on l.SalesOrderId equals o.Id
                join p in db.Products.AsNoTracking() on l.ProductId equals p.Id
                where o.Status != SalesOrderStatus.Cancelled && o.OrderDate <= asOf && p.UnitCost != null
                group new { l.Quantity, l.UnitPrice, p.UnitCost } by o.Currency into g
                select new { Currency = g.Key, Revenue = g.Sum(x => x.Quantity * x.UnitPrice), Cost = g.Sum(x => x.Quantity * x.UnitCost!.Value) })
            .ToListAsync(cancellationToken);
        var convertible = margins.Where(m => Rate(m.Currency, home, settings) is not null).ToList();
        var costedRevenue = convertible.Sum(m => m.Revenue * Rate(m.Currency, home, settings)!.Value);
        var costedCost = convertible.Sum(m => m.Cost);
        double? overallMarginRate = costedRevenue > 0 ? (double)((costedRevenue - costedCost) / costedRevenue) : null;

        var histories = new List<(long Customer, RepeatPurchaseSummary Purchases, SpendSummary Spend)>();
        foreach (var customer in days.GroupBy(d => d.CustomerId))
        {
            if (customer.Any(d => Rate(d.Currency, home, settings) is null))
                continue;
            var byDay = customer.GroupBy(d => d.OrderDate)
                .Select(g => (Day: g.Key, Value: (double)g.Sum(d => d.Value * Rate(d.Currency, home, settings)!.Value)))
                .OrderBy(d => d.Day).ToList();
            var first = byDay[0].Day;
            var x = byDay.Count - 1;
            var purchases = new RepeatPurchaseSummary(x, x == 0 ? 0 : (byDay[^1].Day.DayNumber - first.DayNumber) / 7.0, (asOf.DayNumber - first.DayNumber) / 7.0);
            var repeatMean = x == 0 ? 0 : byDay.Skip(1).Average(d => d.Value);
            histories.Add((customer.Key, purchases, new SpendSummary(x, repeatMean)));
        }

        var repeatBuyers = histories.Count(h => h.Spend.Frequency > 0 && h.Spend.MeanValue > 0);
        LifetimeModelView View(string? parameters, string? notConverged) =>
            new(parameters is not null, histories.Count, repeatBuyers, parameters, notConverged, settings.LifetimeMonths, settings.MonthlyDiscountRate);
        if (repeatBuyers < MinimumRepeatBuyers)
            return new LifetimeFit(View(null, null), new Dictionary<long, double>(), overallMarginRate);

        var purchaseFit = BgNbdFitter.Fit(histories.Select(h => h.Purchases).ToList());
        if (!purchaseFit.Report.Converged)
            return new LifetimeFit(View(null, "BG/NBD: " + purchaseFit.Report.Reason), new Dictionary<long, double>(), overallMarginRate);
        // Returns and free lines leave some repeat means at zero or below; they carry no spend information.
        var spendFit = GammaGammaFitter.Fit(histories.Select(h => h.Spend).Where(s => s.Frequency == 0 || s.MeanValue > 0).ToList());
        if (!spendFit.Report.Converged)
            return new LifetimeFit(View(null, "Gamma-Gamma: " + spendFit.Report.Reason), new Dictionary<long, double>(), overallMarginRate);

        var values = new Dictionary<long, double>();
        foreach (var (customer, purchases, spend) in histories)
        {
            var perPurchase = spend.Frequency > 0 && spend.MeanValue > 0
                ? spendFit.ConditionalExpectedValue(spend.Frequency, spend.MeanValue)
                : spendFit.Parameters.PopulationMeanValue;
            if (!double.IsFinite(perPurchase))
                continue;
            values[customer] = CustomerLifetimeValue.Residual(purchaseFit, purchases, perPurchase, settings.LifetimeMonths, WeeksPerMonth, settings.MonthlyDiscountRate);
        }
        return new LifetimeFit(View($"BG/NBD {purchaseFit.Parameters}; Gamma-Gamma {spendFit.Parameters}", null), values, overallMarginRate);
    }
}
