namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>
/// What really happened to one ERP customer × product pair with at least one order by D.
/// <see cref="ChurnedByAsOf"/>: the pair had stopped for good by D (its own stop, its customer's churn or its
/// product's discontinuation fell on or before D), so it never orders again; a dormant customer's pairs are not churned.
/// <see cref="NextOrder"/>: the first order after D that was not cancelled and has a positive, non-return line of the
/// product (rush top-ups and budget orders included), within the simulated year after D; null if none.
/// </summary>
public sealed record PairTruth(
    string Customer,
    string Sku,
    OrderingLaw Law,
    double CycleDaysOnAsOf,
    int OrderDaysByAsOf,
    DateOnly LastOrderByAsOf,
    DateOnly? NextOrder,
    DateOnly? StopsOn,
    bool ChurnedByAsOf,
    bool CustomerChurnedByAsOf,
    bool DormantOnAsOf,
    bool FromWonDeal);

/// <summary>An opportunity open at the end of D: its stage then, its exact P(won) by <see cref="DealLaw"/>, and how it ended.</summary>
public sealed record DealTruth(string DealId, string StageOnAsOf, double WinProbability, bool Won, DateOnly ClosedOn);

/// <summary>
/// A CRM account in the export of D and the ERP customer it truly is (null: a prospect, or not in the ERP by D), with
/// how its name relates to the customer's (<see cref="AccountNameKinds"/>) and whether it carries a tax id or website.
/// </summary>
public sealed record LinkTruth(string AccountId, string? CustomerCode, string NameKind, bool HasTaxId, bool HasWebsite);

public sealed class SecondWorldTruth
{
    public required DateOnly AsOf { get; init; }
    public required IReadOnlyList<PairTruth> Pairs { get; init; }
    public required IReadOnlyList<DealTruth> OpenDeals { get; init; }
    public required IReadOnlyList<LinkTruth> Links { get; init; }

    public static SecondWorldTruth Of(SecondWorld world)
    {
        var asOf = world.AsOf;
        var days = new Dictionary<(WorldCustomer, WorldProduct), SortedSet<DateOnly>>();
        foreach (var order in world.Orders.Where(o => !o.Cancelled))
        {
            foreach (var line in order.Lines.Where(l => !l.IsReturn && l.Quantity > 0))
            {
                if (!days.TryGetValue((order.Customer, line.Product), out var set))
                    days[(order.Customer, line.Product)] = set = [];
                set.Add(order.Date);
            }
        }
        var pairs = new List<PairTruth>();
        foreach (var pair in world.Pairs)
        {
            if (!days.TryGetValue((pair.Customer, pair.Product), out var set))
                continue;
            var past = set.Where(d => d <= asOf).ToList();
            if (past.Count == 0)
                continue;
            DateOnly? next = set.Where(d => d > asOf).Select(d => (DateOnly?)d).FirstOrDefault();
            pairs.Add(new PairTruth(
                pair.Customer.Code, pair.Product.Sku, pair.Law, pair.CycleOn(asOf), past.Count, past[^1], next, pair.StopsOn,
                ChurnedByAsOf: pair.StopsOn <= asOf,
                CustomerChurnedByAsOf: pair.Customer.ChurnedOn <= asOf,
                DormantOnAsOf: pair.Customer.Dormant is { } d && asOf >= d.From && asOf <= d.To,
                pair.FromWonDeal));
        }

        var deals = world.Deals.Where(d => d.IsOpenOn(asOf))
            .Select(d => new DealTruth(d.Id, DealLaw.Stages[d.StageOn(asOf)], d.TrueWinProbabilityOn(asOf), d.Won, d.ClosedOn!.Value))
            .ToList();
        var links = world.Accounts.Where(a => a.CreatedOn <= asOf)
            .Select(a => new LinkTruth(a.Id, a.Customer is { } c && c.Since <= asOf ? c.Code : null, a.NameKind, a.TaxId is not null, a.Website is not null))
            .ToList();
        return new SecondWorldTruth { AsOf = asOf, Pairs = pairs, OpenDeals = deals, Links = links };
    }
}
