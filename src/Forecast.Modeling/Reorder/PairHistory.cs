namespace Forecast.Modeling.Reorder;

/// <summary>
/// What one customer bought of one product: the distinct order days (day numbers, ascending, e.g.
/// <see cref="DateOnly.DayNumber"/>) and the quantity ordered on each of those days (same length).
/// </summary>
public sealed record PairHistory(long Customer, long Product, int[] OrderDays, double[] Quantities)
{
    public int OrderCount => OrderDays.Length;
    public int LastOrderDay => OrderDays[^1];

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
