using Forecast.Core.Data;
using Forecast.Core.Pricing;
using Forecast.DemoWorld;
using Forecast.Modeling.Pricing;

namespace Forecast.Benchmarks;

/// <summary>
/// Price suggestions backtested in time order on the demo world, whose deals were priced against a known response
/// (docs/pricing.md, "The demo world's prices and costs"). Cutoffs every quarter of the last year: the model is fitted on
/// the quote lines of deals closed before the cutoff, with each customer's tier as of the cutoff; it then suggests a
/// price for each quote line of the deals created on or after the cutoff and closed within the quarter, from the cost in
/// force on the day the deal was created. Each line is scored by expected margin under the generator's truth for its
/// deal (as if the whole deal were priced at that line's ratio of list) at the quoted price, the suggested price and the
/// best price on the same grid.
/// </summary>
internal static class PricingDemoBacktest
{
    private const int Quarters = 4;

    internal sealed record CutoffResult(DateOnly Cutoff, int TrainQuotes, int TestQuotes, double FittedSlopePer10, double QuotedMarginTrue, double SuggestedMarginTrue, double OracleMarginTrue);

    internal sealed record DemoResult(
        int Seed, double TrueSlopePer10, PricingBenchmarkCommand.TruthResult Total, IReadOnlyList<CutoffResult> Cutoffs,
        double MeanTrueWinAtQuoted, int KeyCustomers, int WatchCustomers);

    public static DemoResult Run(int seed)
    {
        var world = DemoWorldGenerator.Generate(new DemoWorldOptions { Seed = seed });
        var histories = world.Histories().ToList();
        var options = new PricingOptions();
        var config = new PriceResponseConfig { BootstrapSamples = 0, Ridge = options.Ridge, MinimumQuotes = options.MinimumQuotes, GridTop = options.GridTop };
        var closed = world.Opportunities.Where(o => o.Outcome != OpportunityOutcome.Open && o.ClosedOn is not null && o.Lines.Count > 0)
            .OrderBy(o => o.ClosedOn).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();

        var tally = new PricingTally();
        int train = 0, key = 0, watch = 0;
        var cutoffs = new List<CutoffResult>();
        var asOf = world.Options.AsOf;
        for (var q = Quarters; q >= 1; q--)
        {
            var cutoff = asOf.AddMonths(-3 * q);
            var end = cutoff.AddMonths(3);
            var tiers = TiersAsOf(world, histories, cutoff, options);
            key = tiers.Values.Count(t => t == ValueTier.Key);
            watch = tiers.Values.Count(t => t == ValueTier.Watch);
            ValueTier TierOf(DemoOpportunity o) => o.Account.Company.Customer is { } c && tiers.TryGetValue(c, out var t) ? t : ValueTier.Standard;

            var past = closed.Where(o => o.ClosedOn < cutoff)
                .SelectMany(o => o.Lines.Select(l => new PastQuote((double)(l.UnitPrice / l.Product.ListPrice), (double)l.Quantity, TierOf(o), o.Outcome == OpportunityOutcome.Won)))
                .ToList();
            var model = PriceResponseModel.Fit(past, config) ?? throw new InvalidOperationException($"The demo world's quotes before {cutoff} cannot be learnt from.");
            var trainRate = past.Average(p => p.Won ? 1.0 : 0.0);
            double cq = 0, cs = 0, co = 0;
            var n = 0;
            foreach (var deal in closed.Where(o => o.CreatedOn >= cutoff && o.ClosedOn >= cutoff && o.ClosedOn < end))
            {
                var tier = TierOf(deal);
                var won = deal.Outcome == OpportunityOutcome.Won;
                foreach (var line in deal.Lines)
                {
                    var list = (double)line.Product.ListPrice;
                    var cost = (double)world.CostOn(line.Product, deal.CreatedOn);
                    var floor = Math.Round(cost * (1 + options.TargetFor(tier)), 2);
                    var question = new PriceQuestion(list, cost, floor, (double)line.Quantity, tier, (double)line.UnitPrice);
                    var s = PriceOptimizer.Suggest(model, [], question, config);
                    var (quoted, suggested, best) = tally.Add(s, question, (double)line.UnitPrice, price => deal.PriceResponse.WinProbability(price / list), won, trainRate);
                    cq += quoted;
                    cs += suggested;
                    co += best;
                    n++;
                }
            }
            train += past.Count;
            cutoffs.Add(new CutoffResult(cutoff, past.Count, n, model.PriceSlope(ValueTier.Standard), cq / Math.Max(1, n), cs / Math.Max(1, n), co / Math.Max(1, n)));
        }
        var total = tally.Result($"Demo world (seed {seed})", Quarters, train);
        return new DemoResult(seed, -DemoWorldGenerator.PriceBeta / 10, total, cutoffs, tally.MeanTrueWinAtQuoted, key, watch);
    }

    /// <summary>
    /// The service's tier rule on what was known at the cutoff, in memory: Watch when an invoice due more than
    /// <see cref="PricingOptions.WatchDaysOverdue"/> days before the cutoff is still unpaid in the export (so it was unpaid
    /// then too; one paid between the cutoff and the export is missed); otherwise Key for the top
    /// <see cref="PricingOptions.KeyShare"/> of customers by gross margin invoiced in the year before the cutoff (standing in
    /// for the lifetime value the service computes); otherwise Standard.
    /// </summary>
    private static Dictionary<DemoCustomer, ValueTier> TiersAsOf(DemoWorld.DemoWorld world, IReadOnlyList<DemoCompanyHistory> histories, DateOnly cutoff, PricingOptions options)
    {
        var from = cutoff.AddYears(-1);
        var value = new Dictionary<DemoCustomer, double>();
        var late = new HashSet<DemoCustomer>();
        foreach (var h in histories)
        {
            if (h.Company.Customer is not { } customer)
                continue;
            var margin = 0.0;
            foreach (var o in h.Orders.Where(o => o.OrderDate >= from && o.OrderDate < cutoff && o.Status != SalesOrderStatus.Cancelled))
            {
                var rate = o.Currency == "USD" ? 31.5 : 1.0;
                margin += o.Lines.Sum(l => (double)l.Quantity * (((double)l.UnitPrice * rate) - (double)world.CostOn(l.Product, o.OrderDate)));
            }
            if (margin > 0)
                value[customer] = margin;
            if (h.Invoices.Any(i => i.InvoiceDate < cutoff && i.DueDate < cutoff.AddDays(-options.WatchDaysOverdue) && i.Amount - i.PaidAmount > 0.005m))
                late.Add(customer);
        }
        var keyCount = (int)Math.Floor(world.Customers.Count * options.KeyShare);
        var tiers = value.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Index).Select((kv, i) => (kv.Key, Tier: i < keyCount ? ValueTier.Key : ValueTier.Standard))
            .ToDictionary(x => x.Key, x => x.Tier);
        foreach (var c in late)
            tiers[c] = ValueTier.Watch;
        return tiers;
    }
}
