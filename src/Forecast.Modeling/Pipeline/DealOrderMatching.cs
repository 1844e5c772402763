namespace Forecast.Modeling.Pipeline;

/// <summary>One product line of a won deal: <see cref="Quantity"/> units for the customer <see cref="CustomerKey"/>.</summary>
public sealed record WonDealLine(string DealId, string CustomerKey, string ProductKey, double Quantity, DateOnly OpenedOn, DateOnly ClosedOn);

/// <summary>One sales order line (not a return) of a customer for a product.</summary>
public sealed record OrderLineFact(long Id, string CustomerKey, string ProductKey, double Quantity, DateOnly OrderedOn);

/// <summary>The order lines that fulfilled one won deal line.</summary>
public sealed record DealOrderMatch(WonDealLine Deal, IReadOnlyList<OrderLineFact> Orders)
{
    /// <summary>The first day an order for the deal arrived.</summary>
    public DateOnly OrderedOn => Orders.Min(o => o.OrderedOn);

    /// <summary>Days from the deal's close to its first order (negative when the CRM was closed after the order came).</summary>
    public int CloseToOrderDays => OrderedOn.DayNumber - Deal.ClosedOn.DayNumber;

    /// <summary>Days from the deal's opening to its first order.</summary>
    public int OpenToOrderDays => OrderedOn.DayNumber - Deal.OpenedOn.DayNumber;
}

/// <summary>Where the matcher looks for a won deal's order, relative to the close day, and how close quantities must be.</summary>
public sealed record DealOrderMatchingOptions
{
    /// <summary>Days before the close an order may come (reps often close the deal in the CRM after the order arrived).</summary>
    public int DaysBefore { get; init; } = 14;

    /// <summary>Days after the close an order may come.</summary>
    public int DaysAfter { get; init; } = 45;

    /// <summary>Relative quantity difference still taken as the same quantity.</summary>
    public double Tolerance { get; init; } = 0.1;
}

/// <summary>
/// Finds the ERP order lines that fulfilled won CRM deals, so that demand history can be split into run-rate demand
/// (repeat and walk-in orders) and deal demand (orders a won opportunity brought) — the two sources a pipeline-weighted
/// forecast must not count twice. ERP and CRM rarely share a key, so a match is by evidence: the same customer and
/// product, an order within [close − <see cref="DealOrderMatchingOptions.DaysBefore"/>, close +
/// <see cref="DealOrderMatchingOptions.DaysAfter"/>], and the deal's quantity — one line of (nearly) that quantity,
/// nearest the close first; failing that, the nearest lines from the close on that add up to it (a split delivery). A line serves one
/// deal only; earlier closes choose first. This is record linkage by blocking and agreement on quantity and date
/// (Fellegi &amp; Sunter, "A theory for record linkage", JASA 64, 1969), with a deterministic rule in place of weights.
/// </summary>
public static class DealOrderMatcher
{
    public static IReadOnlyList<DealOrderMatch> Match(IEnumerable<WonDealLine> deals, IEnumerable<OrderLineFact> orders, DealOrderMatchingOptions? options = null)
    {
        var o = options ?? new DealOrderMatchingOptions();
        var byPair = orders.Where(l => l.Quantity > 0)
            .GroupBy(l => (l.CustomerKey, l.ProductKey))
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.OrderedOn).ThenBy(l => l.Id).ToList());
        var taken = new HashSet<long>();
        var matches = new List<DealOrderMatch>();
        foreach (var deal in deals.Where(d => d.Quantity > 0).OrderBy(d => d.ClosedOn).ThenBy(d => d.DealId, StringComparer.Ordinal).ThenBy(d => d.ProductKey, StringComparer.Ordinal))
        {
            if (!byPair.TryGetValue((deal.CustomerKey, deal.ProductKey), out var lines))
                continue;
            var from = deal.ClosedOn.AddDays(-o.DaysBefore);
            var to = deal.ClosedOn.AddDays(o.DaysAfter);
            // Nearest the close first; of two equally near, the later one (orders follow wins more often than not).
            var candidates = lines.Where(l => l.OrderedOn >= from && l.OrderedOn <= to && !taken.Contains(l.Id))
                .OrderBy(l => Math.Abs(l.OrderedOn.DayNumber - deal.ClosedOn.DayNumber)).ThenByDescending(l => l.OrderedOn).ThenBy(l => l.Id)
                .ToList();
            if (candidates.Count == 0)
                continue;
            var slack = o.Tolerance * deal.Quantity;
            var single = candidates.FirstOrDefault(l => Math.Abs(l.Quantity - deal.Quantity) <= slack);
            List<OrderLineFact>? chosen = single is not null ? [single] : null;
            if (chosen is null)
            {
                var remaining = deal.Quantity;
                var parts = new List<OrderLineFact>();
                // Split deliveries follow the win: earlier lines of other sizes are the customer's regular orders.
                foreach (var l in candidates.Where(l => l.OrderedOn >= deal.ClosedOn))
                {
                    if (l.Quantity > remaining + slack)
                        continue;
                    parts.Add(l);
                    remaining -= l.Quantity;
                    if (remaining <= slack)
                        break;
                }
                if (parts.Count > 1 && Math.Abs(remaining) <= slack)
                    chosen = parts;
            }
            if (chosen is null)
                continue;
            foreach (var l in chosen)
                taken.Add(l.Id);
            matches.Add(new DealOrderMatch(deal, chosen));
        }
        return matches;
    }
}
