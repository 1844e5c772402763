namespace Forecast.Core.Outreach.Reminders;

/// <summary>A reminder's expected value and what it is made of (stored on the reminder, explained on its page).</summary>
public sealed record ReminderValue(decimal ExpectedValue, double Probability, decimal Basis, ReminderValueBasis Kind, int? HorizonDays, string? Currency);

/// <summary>One product of a customer as the value of a reminder sees it.</summary>
/// <param name="ProbabilityWithinHorizon">P(the customer orders the product within the horizon), from the reorder model.</param>
/// <param name="HorizonDays">The horizon of that probability, in days.</param>
/// <param name="LineValues">The values (quantity × unit price) of the customer's past order lines of the product, up to the as-of date.</param>
/// <param name="UsualQuantity">The usual quantity of an order, for the list-price fallback.</param>
/// <param name="ListPrice">The product's list price (or unit cost), for the fallback.</param>
public sealed record PairValueInput(double ProbabilityWithinHorizon, int HorizonDays, IReadOnlyList<decimal> LineValues, decimal UsualQuantity, decimal ListPrice);

/// <summary>
/// Expected values that rank a rep's worklist: what a reorder (or a rescued customer) is likely to bring, what a deal is
/// likely to bring. One currency per reminder: the customer's (the CRM has no currency, so a deal takes its customer's).
/// </summary>
public static class ReminderValues
{
    /// <summary>
    /// The usual order value of a product: the median of the customer's past line values, robust to the one-off bulk
    /// order a mean would follow; null when no line has a positive value.
    /// </summary>
    public static decimal? UsualOrderValue(IEnumerable<decimal> lineValues)
    {
        var sorted = lineValues.Where(v => v > 0).Order().ToList();
        if (sorted.Count == 0)
            return null;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>P(order within the horizon) × the usual order value (from ERP lines; the list price when they carry none).</summary>
    public static ReminderValue ForPair(PairValueInput pair, string? currency)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var usual = UsualOrderValue(pair.LineValues);
        var (basis, kind) = usual is { } u ? (u, ReminderValueBasis.UsualOrder) : (Math.Max(0, pair.UsualQuantity * pair.ListPrice), ReminderValueBasis.ListPrice);
        var p = Probability(pair.ProbabilityWithinHorizon);
        return new ReminderValue(Round(basis * (decimal)p), p, Round(basis), kind, pair.HorizonDays, currency);
    }

    /// <summary>
    /// A customer at risk: the sum of its products' expected values; the probability shown is the value-weighted one,
    /// so probability × basis still equals the expected value.
    /// </summary>
    public static ReminderValue ForCustomer(IReadOnlyCollection<PairValueInput> pairs, string? currency)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var each = pairs.Select(p => ForPair(p, currency)).ToList();
        var basis = each.Sum(v => v.Basis);
        var expected = each.Sum(v => v.ExpectedValue);
        var horizon = pairs.Count == 0 ? (int?)null : pairs.Max(p => p.HorizonDays);
        return new ReminderValue(expected, basis > 0 ? (double)(expected / basis) : 0, basis, ReminderValueBasis.CustomerProducts, horizon, currency);
    }

    /// <summary>The deal's amount × its current P(win).</summary>
    public static ReminderValue ForDeal(decimal amount, double winProbability, string? currency)
    {
        var p = Probability(winProbability);
        return new ReminderValue(Round(Math.Max(0, amount) * (decimal)p), p, Round(Math.Max(0, amount)), ReminderValueBasis.Deal, null, currency);
    }

    private static double Probability(double p) => double.IsFinite(p) ? Math.Clamp(p, 0, 1) : 0;

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
