using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Forecast.Modeling.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Demand;

/// <summary>
/// What the demand stage adds to a product's run-rate forecast: expected units and variance per forecast period from
/// the open pipeline (and won deals whose order has not come yet), and from deals not opened yet.
/// </summary>
public sealed record ProductPipelineLayer(double[] PipelineMean, double[] PipelineVariance, double[] FutureDealMean, double[] FutureDealVariance)
{
    /// <summary>The whole layer's mean per period.</summary>
    public double[] Mean => [.. PipelineMean.Select((m, k) => m + FutureDealMean[k])];

    /// <summary>The whole layer's variance per period (the two parts are independent).</summary>
    public double[] Variance => [.. PipelineVariance.Select((v, k) => v + FutureDealVariance[k])];
}

/// <summary>The pipeline layers of some products as of a day, and the order lines to leave out of their run-rate history.</summary>
/// <param name="WinProbabilityRunId">The same-as-of win-probability run the layer is weighted with.</param>
/// <param name="DealOrderLineIds">Sales order lines that fulfilled won deals: deal demand, not run-rate demand.</param>
/// <param name="Layers">Per product; products without deal demand or pipeline are absent.</param>
/// <param name="Matches">How many won deal lines were matched to their orders.</param>
/// <param name="WonDealLines">Won deal lines that could have been matched (their customer known in the ERP).</param>
public sealed record PipelineLayers(
    long WinProbabilityRunId,
    IReadOnlySet<long> DealOrderLineIds,
    IReadOnlyDictionary<long, ProductPipelineLayer> Layers,
    int Matches,
    int WonDealLines);

/// <summary>
/// Builds the pipeline layer of the demand forecast without counting any unit twice. Won CRM deals are matched to the
/// ERP order lines that fulfilled them (<see cref="DealOrderMatcher"/>, through the customer links of customer
/// unification): those lines are deal demand and leave the baseline's history, which becomes run-rate demand. Deal
/// demand ahead is then (a) the open pipeline, weighted by the same-as-of win probabilities and timed by how late won
/// deals closed and how long their orders took (<see cref="PipelineDemandCalculator"/>, demand counted on the order
/// day, so no lead time); (b) deals already won whose order has not arrived, with probability one; (c) deals not
/// opened yet, at the product's historical deal-demand rate thinned by the share the pipeline already holds
/// (<see cref="FutureDealDemand"/>). Only data dated on or before the as-of day is read.
/// </summary>
public static class PipelineLayerLoader
{
    /// <summary>Won deals closed at most this many days before the history starts are matched too (their orders fall inside it).</summary>
    private const int MatchMarginDays = 60;

    /// <summary>
    /// The layers of <paramref name="productIds"/> on the forecast periods starting at <paramref name="periodStarts"/>
    /// (the last one ends before <paramref name="horizonEnd"/>), for a baseline whose history starts on
    /// <paramref name="historyStart"/>; null when no successful win-probability run exists for <paramref name="asOf"/>.
    /// </summary>
    public static async Task<PipelineLayers?> LoadAsync(
        ForecastDbContext db, IReadOnlyCollection<long> productIds, DateOnly asOf, DateOnly historyStart,
        IReadOnlyList<DateOnly> periodStarts, DateOnly horizonEnd, DemandGranularity granularity, CancellationToken cancellationToken)
    {
        // Only scores made as of the same day: an older run's deals and probabilities are out of date.
        var runId = await PredictionRuns.LatestSucceeded(db, WinProbabilityJob.Kind, asOf).Where(r => r.AsOf == asOf)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (runId is null)
            return null;

        // CRM account -> ERP customer, through customer unification's links.
        var erpOfAccount = (await db.CustomerAccountLinks.AsNoTracking()
                .Where(l => l.UnifiedCustomer!.ErpCustomerId != null)
                .Select(l => new { l.CrmAccountId, ErpCustomerId = l.UnifiedCustomer!.ErpCustomerId!.Value })
                .ToListAsync(cancellationToken))
            .GroupBy(l => l.CrmAccountId).ToDictionary(g => g.Key, g => g.First().ErpCustomerId);
        string? CustomerOf(long accountId) =>
            erpOfAccount.TryGetValue(accountId, out var c) ? c.ToString(CultureInfo.InvariantCulture) : null;

        var products = productIds.ToHashSet();
        var matchFrom = historyStart.AddDays(-MatchMarginDays);
        // Every product's deals, not only this partition's: the timing distributions (slip, deal duration, close to
        // order) are learned from all of them, so a product's forecast does not depend on how products are partitioned.
        var deals = await db.Opportunities.AsNoTracking()
            .Where(o => o.CreatedOn <= asOf && o.Lines.Any() && (o.ClosedOn == null || o.ClosedOn >= matchFrom))
            .Select(o => new
            {
                o.Id, o.AccountId, o.CreatedOn, o.ExpectedClose, o.ClosedOn, o.Outcome,
                Lines = o.Lines.Select(l => new { l.ProductId, l.Quantity }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var won = deals.Where(d => d.Outcome == OpportunityOutcome.Won && d.ClosedOn is { } c && c <= asOf).ToList();

        var wonLines = won.SelectMany(d => CustomerOf(d.AccountId) is { } customer
                ? d.Lines.GroupBy(l => l.ProductId).Select(g => new WonDealLine(
                    d.Id.ToString(CultureInfo.InvariantCulture), customer, g.Key.ToString(CultureInfo.InvariantCulture),
                    (double)g.Sum(l => l.Quantity), d.CreatedOn, d.ClosedOn!.Value))
                : [])
            .ToList();
        var customers = wonLines.Select(l => long.Parse(l.CustomerKey, CultureInfo.InvariantCulture)).Distinct().ToArray();
        var wonProducts = wonLines.Select(l => long.Parse(l.ProductKey, CultureInfo.InvariantCulture)).Distinct().ToArray();
        var orderFrom = matchFrom.AddDays(-new DealOrderMatchingOptions().DaysBefore);
        var orders = (await db.SalesOrderLines.AsNoTracking()
                .Where(l => wonProducts.Contains(l.ProductId) && customers.Contains(l.SalesOrder!.CustomerId) && !l.IsReturn
                    && l.SalesOrder.Status != SalesOrderStatus.Cancelled && l.SalesOrder.OrderDate >= orderFrom && l.SalesOrder.OrderDate <= asOf)
                .Select(l => new { l.Id, l.SalesOrder!.CustomerId, l.ProductId, l.Quantity, l.SalesOrder.OrderDate })
                .ToListAsync(cancellationToken))
            .Select(l => new OrderLineFact(l.Id, l.CustomerId.ToString(CultureInfo.InvariantCulture), l.ProductId.ToString(CultureInfo.InvariantCulture), (double)l.Quantity, l.OrderDate))
            .ToList();
        var matches = DealOrderMatcher.Match(wonLines, orders);

        var zero = DayOffsetDistribution.PointMass(0);
        var closeToOrder = DayOffsetDistribution.Learn(matches.Select(m => m.CloseToOrderDays), zero);
        var openToOrder = DayOffsetDistribution.Learn(matches.Select(m => m.OpenToOrderDays), DayOffsetDistribution.PointMass(90));
        var slip = DayOffsetDistribution.Learn(
            won.Where(d => d.ExpectedClose is not null).Select(d => d.ClosedOn!.Value.DayNumber - d.ExpectedClose!.Value.DayNumber), zero);
        var duration = DayOffsetDistribution.Learn(won.Select(d => d.ClosedOn!.Value.DayNumber - d.CreatedOn.DayNumber), DayOffsetDistribution.PointMass(60));

        // Open on the as-of day, weighted by that day's scores.
        var scores = await db.OpportunityScores.AsNoTracking().Where(s => s.RunId == runId)
            .ToDictionaryAsync(s => s.OpportunityId, s => s.Probability, cancellationToken);
        var pipeline = deals.Where(d => scores.ContainsKey(d.Id)).SelectMany(d => d.Lines.Where(l => products.Contains(l.ProductId)).Select(l => new PipelineLine(
            d.Id.ToString(CultureInfo.InvariantCulture), l.ProductId.ToString(CultureInfo.InvariantCulture), (double)l.Quantity,
            scores[d.Id], d.CreatedOn, d.ExpectedClose, LeadTimeDays: 0))).ToList();
        // Won, but no order matched yet: the order is still to come, unless the matching window has passed.
        var matched = matches.Select(m => m.Deal).ToHashSet();
        var window = new DealOrderMatchingOptions().DaysAfter;
        bool InPartition(string productKey) => products.Contains(long.Parse(productKey, CultureInfo.InvariantCulture));
        pipeline.AddRange(wonLines.Where(l => InPartition(l.ProductKey) && !matched.Contains(l) && l.ClosedOn.AddDays(window) > asOf).Select(l => new PipelineLine(
            l.DealId, l.ProductKey, l.Quantity, 1, l.OpenedOn, null, LeadTimeDays: 0, ClosedOn: l.ClosedOn)));
        var pipelineDemand = PipelineDemandCalculator.Compute(pipeline, periodStarts, horizonEnd, asOf, slip, duration, closeToOrder);

        // The deal demand of each product per period of its history (from the first period the matching covers).
        var historyEnd = periodStarts[0];
        var periods = new List<DateOnly>();
        for (var p = DemandSeriesBuilder.PeriodStart(historyStart, granularity); p < historyEnd; p = DemandSeriesBuilder.Next(p, granularity))
            periods.Add(p);
        var periodDays = granularity == DemandGranularity.Month ? 365.25 / 12 : 7;
        var partitionMatches = matches.Where(m => InPartition(m.Deal.ProductKey)).ToList();
        var dealProducts = partitionMatches.Select(m => long.Parse(m.Deal.ProductKey, CultureInfo.InvariantCulture)).Distinct().ToArray();
        // A product's rate counts from its first order on (a product launched last year has no deal demand before it).
        var firstOrder = await db.SalesOrderLines.AsNoTracking()
            .Where(l => dealProducts.Contains(l.ProductId) && l.SalesOrder!.Status != SalesOrderStatus.Cancelled
                && l.SalesOrder.OrderDate >= historyStart && l.SalesOrder.OrderDate <= asOf)
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, First = g.Min(l => l.SalesOrder!.OrderDate) })
            .ToDictionaryAsync(x => x.ProductId, x => DemandSeriesBuilder.PeriodStart(x.First, granularity), cancellationToken);
        var dealHistory = partitionMatches.SelectMany(m => m.Orders)
            .Where(o => o.OrderedOn >= historyStart)
            .GroupBy(o => long.Parse(o.ProductKey, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g =>
            {
                var skip = Math.Max(0, periods.BinarySearch(firstOrder.GetValueOrDefault(g.Key, periods[0])));
                var perPeriod = new double[periods.Count];
                foreach (var o in g)
                {
                    var k = periods.BinarySearch(DemandSeriesBuilder.PeriodStart(o.OrderedOn, granularity));
                    if (k >= 0)
                        perPeriod[k] += o.Quantity;
                }
                return perPeriod[skip..];
            });

        var h = periodStarts.Count;
        var layers = new Dictionary<long, ProductPipelineLayer>();
        ProductPipelineLayer LayerOf(long product) =>
            layers.TryGetValue(product, out var layer) ? layer : layers[product] = new ProductPipelineLayer(new double[h], new double[h], new double[h], new double[h]);
        var index = periodStarts.Select((p, k) => (p, k)).ToDictionary(x => x.p, x => x.k);
        foreach (var point in pipelineDemand.Points)
        {
            var layer = LayerOf(long.Parse(point.ProductKey, CultureInfo.InvariantCulture));
            layer.PipelineMean[index[point.PeriodStart]] += point.ExpectedUnits;
            layer.PipelineVariance[index[point.PeriodStart]] += point.Variance;
        }
        foreach (var (product, history) in dealHistory)
        {
            var (mean, variance) = FutureDealDemand.Compute(DealDemandRate.FromHistory(history, periodDays), periodStarts, horizonEnd, asOf, openToOrder);
            var layer = LayerOf(product);
            mean.CopyTo(layer.FutureDealMean, 0);
            variance.CopyTo(layer.FutureDealVariance, 0);
        }
        var dealLines = partitionMatches.SelectMany(m => m.Orders).Select(o => o.Id).ToHashSet();
        return new PipelineLayers(runId.Value, dealLines, layers, partitionMatches.Count, wonLines.Count(l => InPartition(l.ProductKey)));
    }
}
