using Forecast.Core.Data;

namespace Forecast.Core.Profitability;

public enum ProfitabilitySort
{
    /// <summary>Margin after cost to serve, highest first.</summary>
    MarginAfterCost,
    /// <summary>Margin after cost to serve, lowest first: the customers that cost more than they bring.</summary>
    LowestMarginAfterCost,
    Revenue,
    CostToServe,
    LifetimeValue,
    Customer,
}

/// <summary>Activities of one kind in the window and what they cost.</summary>
public sealed record EffortView(ActivityKind Kind, int Count, decimal Cost);

/// <summary>
/// One customer's money and effort in the window, in the home currency. <see cref="GrossMargin"/> counts only lines
/// whose product has a unit cost; <see cref="RevenueWithoutCost"/> says how much revenue that leaves out, so a high
/// margin built on missing costs is visible.
/// </summary>
public sealed record CustomerProfitability(
    long CustomerId,
    string Name,
    long? OwnerRepId,
    string? OwnerName,
    decimal Revenue,
    decimal RevenueWithoutCost,
    decimal GrossMargin,
    double? GrossMarginRate,
    decimal CostToServe,
    decimal MarginAfterCost,
    IReadOnlyList<EffortView> Effort,
    int DealsLost,
    decimal Discounts,
    double? DaysSalesOutstanding,
    decimal PriorGrossMargin,
    decimal PriorCostToServe,
    bool EffortUpMarginDown,
    decimal? LifetimeValue);

/// <summary>A customer whose orders are in a currency with no exchange rate: listed, never summed.</summary>
public sealed record UncomparableCustomer(long CustomerId, string Name, IReadOnlyList<string> Currencies);

/// <summary>The same figures summed over the customers a rep owns.</summary>
public sealed record RepProfitability(
    long? RepId,
    string? Name,
    int Customers,
    decimal Revenue,
    decimal GrossMargin,
    decimal CostToServe,
    decimal MarginAfterCost,
    int EffortUpMarginDown);

/// <summary>
/// The fitted purchase (BG/NBD) and spend (Gamma-Gamma) models behind the lifetime values, or why there are none: too few
/// repeat buyers (<see cref="RepeatBuyers"/> below <see cref="ProfitabilityQueries.MinimumRepeatBuyers"/>) or a fit
/// that did not converge (<see cref="NotConverged"/>, the optimiser's own words).
/// </summary>
public sealed record LifetimeModelView(
    bool Fitted,
    int Customers,
    int RepeatBuyers,
    string? Parameters,
    string? NotConverged,
    int LifetimeMonths,
    double MonthlyDiscountRate);

public sealed record ProfitabilityReport(
    DateOnly AsOf,
    DateOnly WindowStart,
    DateOnly PriorWindowStart,
    int WindowMonths,
    string Currency,
    int Total,
    IReadOnlyList<CustomerProfitability> Customers,
    IReadOnlyList<RepProfitability> Reps,
    IReadOnlyList<UncomparableCustomer> Uncomparable,
    LifetimeModelView LifetimeModel);
