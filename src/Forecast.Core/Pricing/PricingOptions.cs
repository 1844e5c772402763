using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Pricing;

/// <summary>
/// Section <c>Pricing</c>: the margin a quote must keep over the current cost, how the customer's value tier moves it,
/// and how hard the price-response model is fitted. See docs/pricing.md.
/// </summary>
public sealed class PricingOptions
{
    public const string Section = "Pricing";

    /// <summary>The floor is current unit cost × (1 + this): 0.15 means never quote under a 15% mark-up on cost.</summary>
    [Range(0.0, 5.0)]
    public double TargetMargin { get; set; } = 0.15;

    /// <summary>Taken off the target margin for a Key customer (top lifetime value, pays on time): room to keep them.</summary>
    [Range(0.0, 1.0)]
    public double KeyMarginCut { get; set; } = 0.05;

    /// <summary>Added to the target margin for a Watch customer (pays late): the margin carries the money and the risk.</summary>
    [Range(0.0, 1.0)]
    public double WatchMarginAdd { get; set; } = 0.05;

    /// <summary>Share of the customers with a lifetime value, from the top, that count as Key (when they pay on time).</summary>
    [Range(0.0, 1.0)]
    public double KeyShare { get; set; } = 0.2;

    /// <summary>An invoice left unpaid this many days past its due date makes the customer Watch (pays late), whatever their value.</summary>
    [Range(1, 365)]
    public int WatchDaysOverdue { get; set; } = 30;

    /// <summary>Closed quote lines below which no price response is learnt and only the floor is shown.</summary>
    [Range(10, 100000)]
    public int MinimumQuotes { get; set; } = 30;

    /// <summary>L2 penalty of the logistic price response.</summary>
    [Range(0.0, 1000.0)]
    public double Ridge { get; set; } = 1.0;

    /// <summary>Bootstrap refits behind the interval of the suggested price (each one a fit on every closed quote).</summary>
    [Range(0, 1000)]
    public int BootstrapSamples { get; set; } = 100;

    /// <summary>The price grid runs from the floor to this × list price.</summary>
    [Range(1.0, 3.0)]
    public double GridTop { get; set; } = 1.2;

    /// <summary>The target margin for a customer of the tier (never below 0).</summary>
    public double TargetFor(Forecast.Modeling.Pricing.ValueTier tier) => Math.Max(0, tier switch
    {
        Forecast.Modeling.Pricing.ValueTier.Key => TargetMargin - KeyMarginCut,
        Forecast.Modeling.Pricing.ValueTier.Watch => TargetMargin + WatchMarginAdd,
        _ => TargetMargin,
    });
}
