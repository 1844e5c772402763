namespace Forecast.Modeling.Inventory;

/// <summary>
/// One forecast period of a stock projection. Stock is <i>net</i> stock at the end of the period: on hand plus
/// supply arrived minus demand, negative when demand went unmet (a shortfall to back-order or lose).
/// </summary>
/// <param name="Start">First day of the period (a period that began before the projection keeps its own start).</param>
/// <param name="End">Exclusive end of the period.</param>
/// <param name="MeanDemand">Expected demand over the days of the period that are projected (after the as-of date).</param>
/// <param name="Incoming">Supply arriving within the period.</param>
/// <param name="StockP10">Net stock at period end that 10% of simulated futures fall below.</param>
/// <param name="StockP50">Median net stock at period end.</param>
/// <param name="StockP90">Net stock at period end that 90% of simulated futures fall below.</param>
/// <param name="StockoutProbability">Probability that demand has gone unmet on some day up to the end of the period.</param>
/// <param name="AvailableToPromise">Units that can be promised for shipment on the period's first projected day.</param>
public sealed record ProjectedPeriod(
    DateOnly Start,
    DateOnly End,
    double MeanDemand,
    double Incoming,
    double StockP10,
    double StockP50,
    double StockP90,
    double StockoutProbability,
    double AvailableToPromise);

/// <summary>
/// What the projector says about one product: the stock band per period, stock-out risk and date, days of cover,
/// reorder point, safety stock and order-up-to level, the suggested order and its date, and available to promise.
/// See <see cref="InventoryProjector"/> for the method.
/// </summary>
public sealed class InventoryProjection
{
    internal InventoryProjection() { }

    /// <summary>The business date the projection starts after (stock counted at the end of this day).</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>Stock on hand at the end of <see cref="AsOf"/>.</summary>
    public double OnHand { get; init; }

    /// <summary>All open supply (every receipt, whatever its date).</summary>
    public double IncomingTotal { get; init; }

    /// <summary>On hand plus all open supply: what the reorder decision compares with the reorder point.</summary>
    public double InventoryPosition => OnHand + IncomingTotal;

    /// <summary>The forecast periods from the one containing the first projected day.</summary>
    public required IReadOnlyList<ProjectedPeriod> Periods { get; init; }

    /// <summary>
    /// How many days today's on hand lasts at the forecast's mean demand (supply not counted), in days with
    /// fractions; past the forecast horizon the last period's rate is assumed. Null when no demand is expected.
    /// </summary>
    public double? DaysOfCover { get; init; }

    /// <summary>Probability that demand goes unmet on some day within the supplier lead time (what a new order cannot prevent).</summary>
    public double StockoutProbabilityWithinLeadTime { get; init; }

    /// <summary>The median first day of unmet demand, or null when fewer than half of the simulated futures run out within the projection.</summary>
    public DateOnly? MedianStockoutDate { get; init; }

    /// <summary>Lead time plus review period, in days.</summary>
    public int ProtectionDays { get; init; }

    /// <summary>Expected demand over the protection interval.</summary>
    public double MeanProtectionDemand { get; init; }

    /// <summary>
    /// The inventory position below which an order is due: the smallest level that covers demand over the
    /// protection interval with the cycle service level (and, if asked, meets the fill-rate target).
    /// </summary>
    public double ReorderPoint { get; init; }

    /// <summary>Reorder point minus expected protection-interval demand. Negative for some very skewed demands (the median is below the mean).</summary>
    public double SafetyStock => ReorderPoint - MeanProtectionDemand;

    /// <summary>The position an order brings the product back to: reorder point plus one review period's expected demand, or the MOQ if larger.</summary>
    public double OrderUpToLevel { get; init; }

    /// <summary>The classical <c>μ + zσ√L</c> reorder point for the same forecast, for comparison (see <see cref="NormalApproximation"/>).</summary>
    public double NormalApproximationReorderPoint { get; init; }

    /// <summary>The fill rate the reorder point is expected to give (share of demand met from stock per replenishment cycle), when demand is expected.</summary>
    public double? ExpectedFillRate { get; init; }

    /// <summary>The day to place the next order: <see cref="AsOf"/> when the position is already below the reorder point; null when not within the projection.</summary>
    public DateOnly? OrderByDate { get; init; }

    /// <summary>The order to place on <see cref="OrderByDate"/>: order-up-to level minus the position then, rounded up to the MOQ and whole packs; 0 when no order is due.</summary>
    public decimal SuggestedOrderQuantity { get; init; }

    /// <summary>Available to promise, as steps (it never decreases); the first step is the first projected day.</summary>
    public required IReadOnlyList<AvailableToPromiseStep> AvailableToPromise { get; init; }

    /// <summary>The policy the figures were computed for.</summary>
    public required ReplenishmentPolicy Policy { get; init; }

    /// <summary>Expected (mean) forecast demand per projected day, from the day after <see cref="AsOf"/>: the horizon of the projection.</summary>
    public IReadOnlyList<double> ExpectedDailyDemand { get; init; } = [];

    /// <summary>Number of simulated futures behind the probabilities.</summary>
    public int Paths { get; init; }

    /// <summary>Plain-language notes on assumptions and data that a planner should know about.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The earliest date <paramref name="quantity"/> units can ship without cutting into stock the forecast needs.</summary>
    public ShipDateAnswer EarliestShipDate(double quantity) =>
        Inventory.AvailableToPromise.EarliestShipDate(AvailableToPromise, quantity, AsOf, Policy.LeadTimeDays);
}
