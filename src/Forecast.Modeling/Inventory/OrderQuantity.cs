namespace Forecast.Modeling.Inventory;

/// <summary>
/// Turns a raw replenishment need into a quantity the supplier accepts: at least the MOQ, a whole number of packs
/// (the minimum-quantity and discrete-pack constraints on order quantities discussed by Silver, Pyke &amp; Thomas,
/// <i>Inventory and Production Management in Supply Chains</i>, 4th ed., 2017).
/// </summary>
public static class OrderQuantity
{
    /// <summary>
    /// Rounds <paramref name="raw"/> up to at least <paramref name="moq"/>, then up to a multiple of
    /// <paramref name="packSize"/>. A raw need of zero or less gives zero unless <paramref name="mustOrder"/>, in
    /// which case the smallest acceptable order is returned (one pack, at least the MOQ).
    /// </summary>
    /// <remarks>Rounding up (never down) keeps the order at or above the order-up-to level, so the service target still holds.</remarks>
    public static decimal Round(double raw, decimal moq, decimal packSize, bool mustOrder = false)
    {
        if (!double.IsFinite(raw))
            throw new ArgumentException("The raw quantity is not a finite number.", nameof(raw));
        ArgumentOutOfRangeException.ThrowIfNegative(moq);
        ArgumentOutOfRangeException.ThrowIfNegative(packSize);
        if (raw <= 0 && !mustOrder)
            return 0;
        var pack = packSize > 0 ? packSize : 1;
        // Six decimals are far below any unit we order in and absorb binary floating-point noise (119.99999999 → 120).
        var need = raw > 0 ? (decimal)Math.Round(raw, 6) : 0m;
        var quantity = Math.Max(need, moq);
        var packs = Math.Ceiling(quantity / pack);
        return Math.Max(1, packs) * pack;
    }
}
