using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.ModelStore;
using Forecast.Modeling.WinRates;

namespace Forecast.Core.Opportunities;

/// <summary>The win probability of one open opportunity as of a day, with the reasons behind it.</summary>
public sealed class OpportunityScore
{
    public long Id { get; set; }
    public long OpportunityId { get; set; }
    public Opportunity? Opportunity { get; set; }
    public long RunId { get; set; }
    public PredictionRun? Run { get; set; }
    public DateOnly AsOf { get; set; }
    public double Probability { get; set; }
    /// <summary><c>classifier</c>, <c>blend</c> (while the classifier takes over) or <c>low-data</c> (Beta rates).</summary>
    public string Model { get; set; } = "";
    public double? ClassifierProbability { get; set; }
    public double LowDataProbability { get; set; }
    /// <summary>
    /// The top factors as JSON: <c>[{"group":"account","text":"won 8 of the last 10 deals with this customer","effect":0.08,
    /// "template":"won {0} of the last {1} deals with this customer","args":["8","10"]}]</c>; the template and its values
    /// let a page say it in the reader's language (rows written before they were kept have only the English text).
    /// </summary>
    public string FactorsJson { get; set; } = "[]";
    /// <summary>The same factors as one line of text, for mails and pages ("+8 pts: ...; -5 pts: ...").</summary>
    public string FactorsText { get; set; } = "";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The <see cref="FactorsJson"/> of the given factors.</summary>
    public static string SerializeFactors(IEnumerable<ScoreFactor> factors) =>
        JsonSerializer.Serialize(factors.Select(f => new { f.Group, f.Text, Effect = Math.Round(f.Effect, 4), f.Phrase?.Template, f.Phrase?.Args }), Json);
}

/// <summary>Expected units of one product in one period from the open pipeline (probability-weighted), with the variance.</summary>
public sealed class PipelineDemand
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public long RunId { get; set; }
    public PredictionRun? Run { get; set; }
    /// <summary>The first day of the (weekly) period.</summary>
    public DateOnly PeriodStart { get; set; }
    public double ExpectedUnits { get; set; }
    public double Variance { get; set; }
    /// <summary>
    /// The part from new business: prospects, and products the customer has not ordered in the last 12 months.
    /// A baseline forecast learned from order history already holds repeat business; add only this layer to it.
    /// </summary>
    public double NewBusinessUnits { get; set; }
    public double NewBusinessVariance { get; set; }
}

/// <summary>
/// What the CRM said about an open opportunity on a day (stage, expected close, amount). The CRM keeps only
/// the current stage, and a closed deal's stage is its outcome; these observations, taken by every run, are the
/// stage history the classifier may learn from without leakage.
/// </summary>
public sealed class OpportunityObservation
{
    public long OpportunityId { get; set; }
    public Opportunity? Opportunity { get; set; }
    public DateOnly ObservedOn { get; set; }
    public string Stage { get; set; } = "";
    public DateOnly? ExpectedClose { get; set; }
    public decimal Amount { get; set; }
}
