using Forecast.Core.CustomerView;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.Profitability;
using Forecast.Modeling.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Pricing;

/// <summary>Why a quote line has no suggested price, only what could be worked out.</summary>
public enum PricingGap
{
    None,
    /// <summary>The product has no cost (current or dated): no floor, so no price.</summary>
    NoCost,
    /// <summary>The product has no list price: past prices are learnt relative to it.</summary>
    NoListPrice,
    /// <summary>Too few closed quotes, one outcome only, or prices that never moved: how price moves the win rate is unknown.</summary>
    TooFewQuotes,
}

/// <summary>Why the customer has their tier, in figures the page puts in words.</summary>
public sealed record CustomerTierView(ValueTier Tier, decimal? LifetimeValue, decimal? KeyThreshold, int? DaysOverdue, double TargetMargin);

/// <summary>The cost in force on the as-of date, and the change before it when there is one.</summary>
public sealed record CostView(decimal UnitCost, DateOnly? Since, decimal? PreviousCost);

/// <summary>One quote line of a deal, priced.</summary>
public sealed record LinePricing(
    long LineId,
    long ProductId,
    string Sku,
    string ProductName,
    decimal Quantity,
    decimal? QuotedPrice,
    decimal? ListPrice,
    CostView? Cost,
    decimal? Floor,
    PricingGap Gap,
    PriceSuggestion? Suggestion);

/// <summary>Price suggestions for every line of one deal, as of a business date, from the quotes closed by then.</summary>
public sealed record DealPricing(
    long DealId,
    string DealName,
    long CustomerId,
    string CustomerName,
    string? Currency,
    DateOnly AsOf,
    CustomerTierView Tier,
    int QuotesLearntFrom,
    IReadOnlyList<LinePricing> Lines);

/// <summary>
/// Suggests a price band for each quote line of an open deal: the floor from the cost in force on the as-of date and the
/// customer's target margin, and the price of highest expected margin under a price-response model fitted on the quote
/// lines of deals closed (won or lost) on or before the as-of date, in time order, so no later outcome leaks in.
/// </summary>
public sealed class PriceSuggestionQueries(
    ForecastDbContext db,
    DealQueries deals,
    CustomerQueries customers,
    BusinessCalendar calendar,
    ProfitabilityQueries profitability,
    IOptions<PricingOptions> options,
    IOptions<Formatting.MoneyOptions> money)
{
    /// <summary>Null when the deal is not open, does not exist, or is on a customer outside the scope (the caller answers 404).</summary>
    public async Task<DealPricing?> GetAsync(CustomerScope scope, long dealId, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var deal = await deals.GetAsync(scope, dealId, cancellationToken);
        if (deal is null)
            return null;
        var day = asOf is null ? await customers.AsOfAsync(cancellationToken) : await calendar.ResolveAsOfAsync(asOf, cancellationToken);
        var settings = options.Value;
        var config = new PriceResponseConfig
        {
            Ridge = settings.Ridge, MinimumQuotes = settings.MinimumQuotes, BootstrapSamples = settings.BootstrapSamples, GridTop = settings.GridTop,
        };

        var tiers = await TiersAsync(day, cancellationToken);
        var tier = tiers.GetValueOrDefault(deal.CustomerId) ?? new CustomerTierView(ValueTier.Standard, null, null, null, 0);
        tier = tier with { TargetMargin = settings.TargetFor(tier.Tier) };

        var quotes = await PastQuotesAsync(day, tiers, cancellationToken);
        var model = PriceResponseModel.Fit(quotes, config);
        var bootstrap = model is null ? [] : PriceResponseModel.Bootstrap(quotes, config);

        var lines = await db.OpportunityLines.AsNoTracking().Where(l => l.OpportunityId == dealId).OrderBy(l => l.Id)
            .Select(l => new { l.Id, l.ProductId, l.Product!.Sku, l.Product.Name, l.Quantity, l.UnitPrice, l.Product.ListPrice, l.Product.UnitCost })
            .ToListAsync(cancellationToken);
        var productIds = lines.Select(l => l.ProductId).Distinct().ToList();
        var changes = await db.ProductCostChanges.AsNoTracking().Where(c => productIds.Contains(c.ProductId) && c.EffectiveOn <= day)
            .Select(c => new { c.ProductId, c.EffectiveOn, c.UnitCost, c.Id })
            .ToListAsync(cancellationToken);
        var changesByProduct = changes.ToLookup(c => c.ProductId);

        var priced = lines.Select(l =>
        {
            var dated = changesByProduct[l.ProductId].OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).Take(2).ToList();
            CostView? cost = dated.Count > 0
                // Product.UnitCost is the ERP's cost now, not the one before the first dated change: no previous cost then.
                ? new CostView(dated[0].UnitCost, dated[0].EffectiveOn, dated.Count > 1 ? dated[1].UnitCost : null)
                : l.UnitCost is { } current ? new CostView(current, null, null) : null;
            if (cost is null)
                return new LinePricing(l.Id, l.ProductId, l.Sku, l.Name, l.Quantity, l.UnitPrice, l.ListPrice, null, null, PricingGap.NoCost, null);
            var floor = Math.Round(cost.UnitCost * (decimal)(1 + tier.TargetMargin), 2);
            if (l.ListPrice is not { } list || list <= 0)
                return new LinePricing(l.Id, l.ProductId, l.Sku, l.Name, l.Quantity, l.UnitPrice, l.ListPrice, cost, floor, PricingGap.NoListPrice, null);
            if (model is null)
                return new LinePricing(l.Id, l.ProductId, l.Sku, l.Name, l.Quantity, l.UnitPrice, l.ListPrice, cost, floor, PricingGap.TooFewQuotes, null);
            var question = new PriceQuestion((double)list, (double)cost.UnitCost, (double)floor, (double)Math.Max(l.Quantity, 1m), tier.Tier,
                l.UnitPrice is { } q && q > 0 ? (double)q : null);
            return new LinePricing(l.Id, l.ProductId, l.Sku, l.Name, l.Quantity, l.UnitPrice, l.ListPrice, cost, floor, PricingGap.None,
                PriceOptimizer.Suggest(model, bootstrap, question, config));
        }).ToList();

        return new DealPricing(deal.Id, deal.Name, deal.CustomerId, deal.CustomerName, money.Value.HomeCurrency, day, tier, quotes.Count, priced);
    }

    /// <summary>
    /// The quote lines of deals closed on or before <paramref name="asOf"/>, oldest first, priced relative to today's list
    /// price (the ERP keeps no list-price history), each with its customer's tier.
    /// </summary>
    private async Task<List<PastQuote>> PastQuotesAsync(DateOnly asOf, Dictionary<long, CustomerTierView> tiers, CancellationToken cancellationToken)
    {
        var rows = await (
                from l in db.OpportunityLines.AsNoTracking()
                join o in db.Opportunities.AsNoTracking() on l.OpportunityId equals o.Id
                join p in db.Products.AsNoTracking() on l.ProductId equals p.Id
                join link in db.CustomerAccountLinks.AsNoTracking() on o.AccountId equals link.CrmAccountId into links
                from link in links.DefaultIfEmpty()
                where o.Outcome != OpportunityOutcome.Open && o.ClosedOn != null && o.ClosedOn <= asOf
                      && l.UnitPrice > 0 && l.Quantity > 0 && p.ListPrice > 0
                orderby o.ClosedOn, l.Id
                select new { Price = l.UnitPrice!.Value, List = p.ListPrice!.Value, l.Quantity, Won = o.Outcome == OpportunityOutcome.Won, CustomerId = (long?)link.UnifiedCustomerId })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PastQuote((double)(r.Price / r.List), (double)r.Quantity,
            r.CustomerId is { } c && tiers.TryGetValue(c, out var t) ? t.Tier : ValueTier.Standard, r.Won)).ToList();
    }

    /// <summary>
    /// The tier rule: Watch when an invoice is unpaid more than <see cref="PricingOptions.WatchDaysOverdue"/> days past its
    /// due date; otherwise Key when the customer's lifetime value is among the top <see cref="PricingOptions.KeyShare"/>;
    /// otherwise Standard. A customer with neither a lifetime value nor an overdue invoice is not in the map (Standard).
    /// </summary>
    private async Task<Dictionary<long, CustomerTierView>> TiersAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var overdueBefore = asOf.AddDays(-settings.WatchDaysOverdue);
        var overdue = await (
                from i in db.Invoices.AsNoTracking()
                join c in db.UnifiedCustomers.AsNoTracking() on i.CustomerId equals c.ErpCustomerId
                where i.InvoiceDate <= asOf && i.DueDate < overdueBefore && i.Amount - i.PaidAmount > 0.005m
                group i by c.Id into g
                select new { CustomerId = g.Key, OldestDue = g.Min(i => i.DueDate) })
            .ToDictionaryAsync(x => x.CustomerId, x => asOf.DayNumber - x.OldestDue.DayNumber, cancellationToken);

        // The lifetime values as of the as-of date: a past day's tier must not know the orders that came after it.
        var report = await profitability.GetAsync(CustomerScope.All, ProfitabilitySort.LifetimeValue, false, 0, 500, asOf, cancellationToken);
        var valued = report.Customers.Where(c => c.LifetimeValue is > 0).ToList();
        var keyCount = (int)Math.Floor(report.Total * settings.KeyShare);
        var key = valued.Take(keyCount).ToList();
        var keyIds = key.Select(c => c.CustomerId).ToHashSet();
        var threshold = key.Count > 0 ? key[^1].LifetimeValue : null;

        var tiers = new Dictionary<long, CustomerTierView>();
        foreach (var c in valued)
            tiers[c.CustomerId] = new CustomerTierView(keyIds.Contains(c.CustomerId) ? ValueTier.Key : ValueTier.Standard, c.LifetimeValue, threshold, null, 0);
        foreach (var (customerId, days) in overdue)
            tiers[customerId] = new CustomerTierView(ValueTier.Watch, tiers.GetValueOrDefault(customerId)?.LifetimeValue, threshold, days, 0);
        return tiers;
    }
}
