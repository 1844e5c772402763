namespace Forecast.Modeling.Reorder;

/// <summary>
/// What one customer bought of one product: the distinct order days (day numbers, ascending, e.g.
/// <see cref="DateOnly.DayNumber"/>) and the quantity ordered on each of those days (same length).
/// </summary>
public sealed record PairHistory(long Customer, long Product, int[] OrderDays, double[] Quantities)
{
    public int OrderCount => OrderDays.Length;
    public int LastOrderDay => OrderDays[^1];

    /// <summary>The history as known at the end of <paramref name="day"/> (orders on or before it), or null if it had not begun.</summary>
    public PairHistory? Through(int day)
    {
        if (LastOrderDay <= day)
            return this;
        var n = 0;
        while (n < OrderDays.Length && OrderDays[n] <= day)
            n++;
        return n == 0 ? null : this with { OrderDays = OrderDays[..n], Quantities = Quantities[..n] };
    }

    /// <summary>Checks the invariants the model relies on and says which one failed.</summary>
    public void Validate()
    {
        if (OrderDays.Length == 0)
            throw new ArgumentException($"Pair ({Customer}, {Product}) has no order.");
        if (Quantities.Length != OrderDays.Length)
            throw new ArgumentException($"Pair ({Customer}, {Product}) has {OrderDays.Length} order days but {Quantities.Length} quantities.");
        for (var i = 1; i < OrderDays.Length; i++)
        {
            if (OrderDays[i] <= OrderDays[i - 1])
                throw new ArgumentException($"Pair ({Customer}, {Product}): order days must be distinct and ascending.");
        }
    }
}
