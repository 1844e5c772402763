using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Profitability;

/// <summary>
/// Section <c>Profitability</c>: what a unit of sales effort costs, the windows compared, and how other currencies turn
/// into the home currency (<c>Money:HomeCurrency</c>). Amounts are in the home currency, and so are the ERP's product
/// costs: an export order's prices are converted, its costs are not.
/// </summary>
public sealed class ProfitabilityOptions
{
    public const string Section = "Profitability";

    /// <summary>
    /// Cost of one CRM activity by kind (Call, Email, Meeting, Visit): a rep's time and travel. The defaults are a
    /// Taiwanese distributor's rough figures in TWD; set your own.
    /// </summary>
    public Dictionary<string, decimal> ActivityCost { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Call"] = 200,
        ["Email"] = 50,
        ["Meeting"] = 1500,
        ["Visit"] = 3000,
    };

    /// <summary>Months in the window revenue, margin and effort are counted over; the window before it is the comparison.</summary>
    [Range(1, 36)]
    public int WindowMonths { get; set; } = 12;

    /// <summary>
    /// Home-currency units per unit of another currency (e.g. <c>USD: 31.5</c>). A customer whose orders are in a
    /// currency with no rate here is listed apart, never summed with a wrong rate.
    /// </summary>
    public Dictionary<string, decimal> ExchangeRates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Months of future purchases counted in the customer lifetime value.</summary>
    [Range(1, 120)]
    public int LifetimeMonths { get; set; } = 36;

    /// <summary>Cost of money per month, for discounting future margin (0.01 = 1%).</summary>
    [Range(0.0, 0.2)]
    public double MonthlyDiscountRate { get; set; } = 0.01;

    /// <summary>Effort counts as growing when this window's cost to serve is at least this share above the last (0.2 = 20%).</summary>
    [Range(0.0, 10.0)]
    public double EffortGrowth { get; set; } = 0.2;

    public decimal CostOf(Data.ActivityKind kind) => ActivityCost.TryGetValue(kind.ToString(), out var cost) ? cost : 0;
}
