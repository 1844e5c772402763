namespace Forecast.Modeling.WinRates;

/// <summary>
/// A deal's facts as they were known at the end of <see cref="AsOf"/>: nothing here depends on anything that
/// happened later, so a closed deal described as of a day before it closed is a fair training example.
/// </summary>
public sealed record DealFeatures
{
    public required string DealId { get; init; }
    public DateOnly AsOf { get; init; }
    public int AgeDays { get; init; }
    public double? Amount { get; init; }
    /// <summary>The stage last observed on or before <see cref="AsOf"/>; null when never observed.</summary>
    public string? Stage { get; init; }
    /// <summary>Days from <see cref="AsOf"/> to the expected close last observed (negative: overdue).</summary>
    public int? DaysToExpectedClose { get; init; }
    public string? ProductFamily { get; init; }
    public string? LeadSource { get; init; }
    public string? Team { get; init; }

    /// <summary>The rep's deals closed on or before <see cref="AsOf"/>.</summary>
    public WinCount Rep { get; init; }
    /// <summary>The rep's win rate shrunk towards the team's and the global rate.</summary>
    public double RepWinRate { get; init; }
    /// <summary>Other deals the rep had open that day (workload).</summary>
    public int RepOpenDeals { get; init; }
    /// <summary>All deals with this customer closed on or before <see cref="AsOf"/>.</summary>
    public WinCount Account { get; init; }
    /// <summary>The last ten of them.</summary>
    public WinCount AccountRecent { get; init; }
    public WinCount Family { get; init; }
    public double FamilyWinRate { get; init; }
    public double GlobalWinRate { get; init; }

    public int? DaysSinceLastActivity { get; init; }
    /// <summary>Activities with the customer in the last 90 days, by kind.</summary>
    public IReadOnlyDictionary<string, int> RecentActivities { get; init; } = new Dictionary<string, int>();
    /// <summary>Activities with the customer since the deal opened.</summary>
    public int ActivitiesDuringDeal { get; init; }

    /// <summary>The customer is linked to the ERP, so the order and receivable figures are meaningful.</summary>
    public bool HasErpHistory { get; init; }
    public double Revenue12Months { get; init; }
    public int Orders12Months { get; init; }
    public double OverdueAmount { get; init; }
    public double? YearsAsCustomer { get; init; }

    /// <summary>Days left in the calendar quarter (sales teams push deals over the line before it ends).</summary>
    public int DaysToQuarterEnd { get; init; }

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
    public IReadOnlyDictionary<string, double>? Measures { get; init; }
}
