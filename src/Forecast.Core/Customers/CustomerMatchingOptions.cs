using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Customers;

/// <summary>How ERP customers and CRM accounts are matched and owners chosen. Bound from the <c>Customers</c> section.</summary>
public sealed class CustomerMatchingOptions
{
    public const string Section = "Customers";

    /// <summary>A candidate at or above this probability, clearly ahead of the next one, is linked without asking.</summary>
    [Range(0.5, 1.0)]
    public double AutoLinkProbability { get; set; } = 0.9;

    /// <summary>Candidates from this probability up (and not auto-linked) go to the review queue.</summary>
    [Range(0.01, 1.0)]
    public double ReviewProbability { get; set; } = 0.5;

    /// <summary>
    /// The best candidate must beat the runner-up by this much on the log-odds scale to be linked automatically
    /// (2.5 = about 12 times the odds); otherwise both go to review.
    /// </summary>
    [Range(0.0, 20.0)]
    public double AutoLinkMargin { get; set; } = 2.5;

    /// <summary>At most this many candidates per account wait in the review queue.</summary>
    [Range(1, 20)]
    public int ReviewCandidatesPerAccount { get; set; } = 3;

    /// <summary>A blocking key shared by more ERP customers than this (a common word) does not propose candidates.</summary>
    [Range(2, 100_000)]
    public int MaxBlockSize { get; set; } = 200;

    /// <summary>Days of CRM activity, back from the as-of date, in which two reps working one customer is a conflict.</summary>
    [Range(7, 3650)]
    public int ConflictWindowDays { get; set; } = 180;

    /// <summary>A rep works a customer when they logged at least this many activities on it in the window.</summary>
    [Range(1, 1000)]
    public int ConflictMinActivities { get; set; } = 3;
}
