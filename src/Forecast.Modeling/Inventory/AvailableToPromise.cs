namespace Forecast.Modeling.Inventory;

/// <summary>From <see cref="From"/> on (until the next step), <see cref="Quantity"/> units can be promised for shipment.</summary>
public readonly record struct AvailableToPromiseStep(DateOnly From, double Quantity);

/// <summary>How an earliest ship date was found.</summary>
public enum ShipDateBasis
{
    /// <summary>The quantity can ship on the first projected day from stock already on hand.</summary>
    AvailableNow,

    /// <summary>The quantity can ship once supply already ordered arrives.</summary>
    AfterScheduledSupply,

    /// <summary>Not within the projection: only a new replenishment order (placed now, arriving after the lead time) could cover it.</summary>
    NeedsNewReplenishment,
}

/// <summary>The earliest date a quantity can ship without cutting into stock promised to orders already taken, and why.</summary>
public sealed record ShipDateAnswer(DateOnly Date, ShipDateBasis Basis, double AvailableOnDate);

/// <summary>
/// Available to promise (ATP) with look-ahead: the quantity that can be promised for shipment on a day such that
/// no customer order already taken goes short on that day or any later day of the projection.
/// </summary>
/// <remarks>
/// <para>
/// The cumulative ATP with look-ahead of master production scheduling (Vollmann, Berry, Whybark &amp; Jacobs,
/// <i>Manufacturing Planning and Control for Supply Chain Management</i>, 5th ed., 2005, ch. "Master production
/// scheduling"): <c>ATP(d) = max(0, min over d' ≥ d of [on hand + firm supply arrived by d' − committed orders due by d'])</c>.
/// The forecast of orders not yet placed is deliberately not reserved: ATP answers "what can I promise the customer
/// asking now", and stock is promised first come, first served; the forecast's claim on stock is the planner's
/// reorder point and suggested order, not a reason to tell a customer "short" while the shelf is full.
/// ATP never decreases with the date.
/// </para>
/// </remarks>
public static class AvailableToPromise
{
    /// <summary>The earliest ship date of <paramref name="quantity"/> given an ATP schedule (steps in date order, as the projector returns them).</summary>
    /// <param name="steps">ATP steps, first one on the first projected day.</param>
    /// <param name="quantity">Units to ship (positive).</param>
    /// <param name="asOf">The projection's as-of date.</param>
    /// <param name="leadTimeDays">Supplier lead time, for the answer when the projection cannot cover the quantity.</param>
    public static ShipDateAnswer EarliestShipDate(IReadOnlyList<AvailableToPromiseStep> steps, double quantity, DateOnly asOf, int leadTimeDays)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (!(quantity > 0) || !double.IsFinite(quantity))
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "The quantity to ship must be a positive number.");
        // A relative tolerance: promising exactly what is available must succeed despite floating-point rounding.
        var tolerance = 1e-9 * Math.Max(1, quantity);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Quantity + tolerance >= quantity)
                return new ShipDateAnswer(steps[i].From, i == 0 && steps[i].From == asOf.AddDays(1) ? ShipDateBasis.AvailableNow : ShipDateBasis.AfterScheduledSupply, steps[i].Quantity);
        }
        return new ShipDateAnswer(asOf.AddDays(1 + leadTimeDays), ShipDateBasis.NeedsNewReplenishment, steps.Count > 0 ? steps[^1].Quantity : 0);
    }

    /// <summary>
    /// ATP per day from the projected available balance per day (<c>balance[k]</c> for the k-th projected day):
    /// the running minimum from the end, floored at zero, compressed to the days where it changes.
    /// </summary>
    public static IReadOnlyList<AvailableToPromiseStep> FromBalances(IReadOnlyList<double> balance, DateOnly firstDay)
    {
        ArgumentNullException.ThrowIfNull(balance);
        var atp = new double[balance.Count];
        var running = double.PositiveInfinity;
        for (var k = balance.Count - 1; k >= 0; k--)
        {
            running = Math.Min(running, balance[k]);
            atp[k] = Math.Max(0, running);
        }
        var steps = new List<AvailableToPromiseStep>();
        for (var k = 0; k < atp.Length; k++)
        {
            if (k == 0 || Math.Abs(atp[k] - atp[k - 1]) > 1e-9 * Math.Max(1, Math.Abs(atp[k])))
                steps.Add(new AvailableToPromiseStep(firstDay.AddDays(k), atp[k]));
        }
        return steps;
    }
}
