using System.ComponentModel.DataAnnotations;
using Forecast.Modeling.WinRates;

namespace Forecast.Core.Opportunities;

/// <summary>Options of the win-probability stage, bound from the <c>WinProbability</c> section (the model's own are Modeling's <c>WinProbabilityOptions</c>).</summary>
public sealed class WinProbabilityStageOptions
{
    public const string Section = "WinProbability";

    public int Seed { get; set; } = 42;

    /// <summary>Below this many won (or lost) closed deals, only the low-data Beta rates score.</summary>
    [Range(5, 100_000)]
    public int ClassifierMinClosedPerClass { get; set; } = 30;

    /// <summary>From this many won and lost deals the classifier alone scores; in between the two are blended.</summary>
    [Range(5, 100_000)]
    public int ClassifierFullClosedPerClass { get; set; } = 150;

    [Range(1, 90)]
    public int SnapshotStepDays { get; set; } = 14;

    /// <summary>Weeks of pipeline demand written per product.</summary>
    [Range(1, 260)]
    public int HorizonWeeks { get; set; } = 26;

    /// <summary>How long a won deal stays open before the company has any history of its own.</summary>
    [Range(1, 3650)]
    public int DefaultDealDurationDays { get; set; } = 60;

    /// <summary>
    /// Typical win rates by stage name: the prior of the stage rates until the service has watched deals move
    /// through stages (it records each open deal's stage every run). Defaults: the demo CRM's stages, set
    /// conservatively below the probabilities CRMs ship with.
    /// </summary>
    public Dictionary<string, double> StagePriors { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Prospecting"] = 0.10,
        ["Qualification"] = 0.20,
        ["Proposal"] = 0.40,
        ["Negotiation"] = 0.60,
    };

    public WinProbabilityOptions ToModelOptions() => new()
    {
        Seed = Seed,
        SnapshotStepDays = SnapshotStepDays,
        ClassifierMinClosedPerClass = ClassifierMinClosedPerClass,
        ClassifierFullClosedPerClass = ClassifierFullClosedPerClass,
        StagePriors = new Dictionary<string, double>(StagePriors, StringComparer.Ordinal),
    };
}
