namespace Forecast.Modeling.Inventory;

/// <summary>Supply expected to arrive (an open purchase-order line): available from the start of <paramref name="Date"/>.</summary>
public readonly record struct SupplyReceipt(DateOnly Date, double Quantity);

/// <summary>
/// A customer order already taken and not yet shipped (an open sales-order line): it leaves stock on <paramref name="Date"/>
/// (its requested date; a date already past ships on the first projected day). It is demand the forecast of new
/// orders does not hold, and what available-to-promise reserves.
/// </summary>
public readonly record struct CommittedOrder(DateOnly Date, double Quantity);

/// <summary>
/// How a product is replenished and how well it must be protected. Terms as in Silver, Pyke &amp; Thomas,
/// <i>Inventory and Production Management in Supply Chains</i>, 4th ed. (2017): the <b>cycle service level</b>
/// (P1) is the probability of no stock-out between one replenishment and the next; the <b>fill rate</b> (P2) is
/// the share of demand met from stock. The protection interval is the lead time plus the review period.
/// </summary>
public sealed record ReplenishmentPolicy
{
    /// <summary>Days from placing an order with the supplier to having the goods.</summary>
    public int LeadTimeDays { get; init; }

    /// <summary>Days between two ordering decisions (7: the planner orders weekly; 0: continuous review).</summary>
    public int ReviewPeriodDays { get; init; } = 7;

    /// <summary>Smallest quantity the supplier accepts (0: none).</summary>
    public decimal MinimumOrderQuantity { get; init; }

    /// <summary>Orders are whole multiples of this (1: single units; 0 is read as 1).</summary>
    public decimal PackSize { get; init; } = 1;

    /// <summary>Target probability of no stock-out over a protection interval, e.g. 0.95.</summary>
    public double CycleServiceLevel { get; init; } = 0.95;

    /// <summary>Optional target share of demand met from stock, e.g. 0.98; the reorder point then meets both targets.</summary>
    public double? FillRate { get; init; }

    /// <summary>Lead time plus review period: the span an order must protect.</summary>
    public int ProtectionDays => LeadTimeDays + ReviewPeriodDays;

    /// <summary>Throws when a field is out of range, with a message naming it.</summary>
    /// <exception cref="ArgumentException">When a field is out of range.</exception>
    public void Validate()
    {
        if (LeadTimeDays is < 0 or > 3650)
            throw new ArgumentException($"Lead time {LeadTimeDays} days is outside 0..3650.", nameof(LeadTimeDays));
        if (ReviewPeriodDays is < 0 or > 3650)
            throw new ArgumentException($"Review period {ReviewPeriodDays} days is outside 0..3650.", nameof(ReviewPeriodDays));
        if (MinimumOrderQuantity < 0)
            throw new ArgumentException($"Minimum order quantity {MinimumOrderQuantity} is negative.", nameof(MinimumOrderQuantity));
        if (PackSize < 0)
            throw new ArgumentException($"Pack size {PackSize} is negative.", nameof(PackSize));
        if (!(CycleServiceLevel > 0 && CycleServiceLevel < 1))
            throw new ArgumentException($"Cycle service level {CycleServiceLevel} is not strictly between 0 and 1.", nameof(CycleServiceLevel));
        if (FillRate is { } fill && !(fill > 0 && fill < 1))
            throw new ArgumentException($"Fill rate {fill} is not strictly between 0 and 1.", nameof(FillRate));
    }
}

/// <summary>How the projector simulates: number of paths, seed, and the dependence between periods.</summary>
/// <remarks>
/// <para>
/// Per-period quantiles say nothing about how periods move together. <see cref="PeriodCorrelation"/> = 0 (the
/// default) draws periods independently — the textbook assumption behind σ√L, and right when forecast errors
/// are uncorrelated. When errors persist (the level itself is uncertain), independence understates the spread
/// of demand over several periods; a positive value draws periods through a Gaussian copula with equal pairwise
/// correlation (Nelsen, <i>An Introduction to Copulas</i>, 2nd ed., 2006), 1 meaning "all periods high or all
/// low together", the upper bound of the spread.
/// </para>
/// <para>Sample-path forecasts carry their own dependence; for them the paths are used as given and
/// <see cref="Paths"/> and <see cref="PeriodCorrelation"/> are ignored.</para>
/// </remarks>
public sealed record SimulationSettings
{
    /// <summary>Monte Carlo paths per product (quantile forecasts).</summary>
    public int Paths { get; init; } = 2000;

    /// <summary>Seed of the pseudo-random numbers: the same seed gives the same projection.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Equal pairwise correlation of period demands in [0, 1] (Gaussian copula); 0 = independent periods.</summary>
    public double PeriodCorrelation { get; init; }

    /// <exception cref="ArgumentException">When a field is out of range.</exception>
    public void Validate()
    {
        if (Paths is < 10 or > 1_000_000)
            throw new ArgumentException($"Simulation paths {Paths} is outside 10..1000000.", nameof(Paths));
        if (!(PeriodCorrelation >= 0 && PeriodCorrelation <= 1))
            throw new ArgumentException($"Period correlation {PeriodCorrelation} is outside [0, 1].", nameof(PeriodCorrelation));
    }
}

/// <summary>
/// Everything the projector needs for one product: stock on hand at the end of <see cref="AsOf"/>, the open
/// supply, the customer orders taken but not shipped (<see cref="Committed"/>), the demand forecast of new orders from
/// the day after <see cref="AsOf"/>, and the replenishment policy.
/// </summary>
public sealed record InventoryProblem(
    DateOnly AsOf,
    double OnHand,
    IReadOnlyList<SupplyReceipt> Incoming,
    PeriodDemandForecast Demand,
    ReplenishmentPolicy Policy)
{
    /// <summary>Open customer orders still to ship (none by default).</summary>
    public IReadOnlyList<CommittedOrder> Committed { get; init; } = [];
}
