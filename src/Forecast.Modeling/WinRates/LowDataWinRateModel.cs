using System.Globalization;

namespace Forecast.Modeling.WinRates;

/// <summary>A win probability with the reasons behind it.</summary>
public sealed record WinRateEstimate(double Probability, IReadOnlyList<ScoreFactor> Factors);

/// <summary>
/// The low-data mode: win rates that need no classifier and score from the first closed deal. Three shrunk
/// hierarchies (global → team → rep; global → stage, whose prior may be a CRM's stage probabilities;
/// global → customer), each a <see cref="HierarchicalWinRate"/>, combined by adding their log-odds departures
/// from the global rate, as naive Bayes combines independent evidence (Hand &amp; Yu, "Idiot's Bayes — not so
/// stupid after all?", International Statistical Review 69, 2001). Shrinkage keeps every departure small
/// until the data support it.
/// </summary>
public sealed class LowDataWinRateModel
{
    private readonly HierarchicalWinRate _people;
    private readonly HierarchicalWinRate _stages;
    private readonly HierarchicalWinRate _accounts;
    private readonly IReadOnlyDictionary<string, double> _stagePriors;

    private LowDataWinRateModel(HierarchicalWinRate people, HierarchicalWinRate stages, HierarchicalWinRate accounts, IReadOnlyDictionary<string, double> stagePriors)
    {
        _people = people;
        _stages = stages;
        _accounts = accounts;
        _stagePriors = stagePriors;
    }

    public WinCount Closed => _people.Global;

    public double GlobalRate => _people.GlobalRate;

    /// <summary>Prior strengths fitted per level, for the manifest: team, rep, stage, customer.</summary>
    public IReadOnlyDictionary<string, double> PriorStrengths => new Dictionary<string, double>
    {
        ["team"] = _people.Kappas[0],
        ["rep"] = _people.Kappas[1],
        ["stage"] = _stages.Kappas[0],
        ["customer"] = _accounts.Kappas[0],
    };

    /// <summary>
    /// Fits the rates to the deals closed by the end of <paramref name="asOf"/>; <paramref name="stagePriors"/>
    /// (typical win rates per stage name, may be empty) are the stage level's prior means.
    /// </summary>
    public static LowDataWinRateModel Fit(DealHistory history, DateOnly asOf, IReadOnlyDictionary<string, double>? stagePriors = null, RatePriorOptions? options = null)
    {
        stagePriors ??= new Dictionary<string, double>();
        var closed = history.ClosedBy(asOf).ToArray();
        var people = HierarchicalWinRate.Fit(closed.Select(d => (PeoplePath(d), Won(d))), 2, options);
        // A deal seen in several stages is evidence for each: the rate of a stage is "won after being seen there".
        var stageExamples = closed.SelectMany(d => history.ObservedStages(d, asOf).Select(s => ((IReadOnlyList<string?>)[s], Won(d))));
        var stages = HierarchicalWinRate.Fit(stageExamples, 1, options, stagePriors);
        var accounts = HierarchicalWinRate.Fit(closed.Select(d => ((IReadOnlyList<string?>)[d.AccountKey], Won(d))), 1, options);
        return new LowDataWinRateModel(people, stages, accounts, stagePriors);
    }

    /// <summary>The log-odds of a stage relative to the global rate (0 when the stage is unknown).</summary>
    public double StageLogOdds(string? stage)
    {
        if (stage is null)
            return 0;
        var levels = _stages.Estimate([stage]);
        if (levels.Count == 0 || (levels[0].Count.Closed == 0 && !_stagePriors.ContainsKey(stage)))
            return 0;
        // With no stage history the prior is an absolute rate: compare it with the company's rate.
        var reference = _stages.Global.Closed > 0 ? _stages.GlobalRate : GlobalRate;
        return Logit(levels[0].Rate) - Logit(reference);
    }

    /// <summary>The rep's rate shrunk towards the team's and the global rate: the "rate-only" baseline.</summary>
    public double RepRate(Deal deal) => _people.Rate(PeoplePath(deal));

    /// <summary>Team then rep; deals with neither belong to no group (a missing team alone is its own group).</summary>
    private static IReadOnlyList<string?> PeoplePath(Deal deal) =>
        deal.TeamKey is null && deal.RepKey is null ? [] : [deal.TeamKey ?? "", deal.RepKey];

    /// <summary>The stage's rate shrunk towards its prior: the "stage-only" baseline (the global rate if unknown).</summary>
    public double StageRate(string? stage) => Sigmoid(Logit(GlobalRate) + StageLogOdds(stage));

    public WinRateEstimate Estimate(Deal deal, DealFeatures features)
    {
        var people = _people.Estimate(PeoplePath(deal));
        var personRate = people.Count == 0 ? GlobalRate : people[^1].Rate;
        var stage = StageLogOdds(features.Stage);
        var account = deal.AccountKey is null ? 0 : Logit(_accounts.Rate([deal.AccountKey])) - Logit(GlobalRate);
        var people0 = Logit(personRate) - Logit(GlobalRate);
        var total = Logit(GlobalRate) + people0 + stage + account;
        var p = Sigmoid(total);

        var factors = new List<ScoreFactor>();
        if (people.Count == 2)
            factors.Add(new ScoreFactor("rep", RepText(people), p - Sigmoid(total - people0)));
        if (stage != 0)
            factors.Add(new ScoreFactor("stage", StageText(features.Stage!), p - Sigmoid(total - stage)));
        if (deal.AccountKey is not null)
            factors.Add(FactorText.Factor("account", features, p - Sigmoid(total - account)));
        return new WinRateEstimate(p, factors.OrderByDescending(f => Math.Abs(f.Effect)).ToArray());
    }

    private static FactorPhrase RepText(IReadOnlyList<RateLevel> people)
    {
        var rep = people[1].Count;
        var team = people[0];
        if (rep.Closed > 0)
            return FactorPhrase.Of("the rep won {0} of {1} closed deals ({2})", rep.Won, rep.Closed, FactorText.Percent(rep.Won, rep.Closed));
        return team.Count.Closed > 0 && team.Key.Length > 0
            ? FactorPhrase.Of("a new rep; team {0} won {1} of {2} deals", team.Key, FactorText.Percent(team.Count.Won, team.Count.Closed), team.Count.Closed)
            : FactorPhrase.Of("a rep with no closed deals yet");
    }

    private FactorPhrase StageText(string stage)
    {
        var level = _stages.Estimate([stage])[0];
        return level.Count.Closed > 0
            ? FactorPhrase.Of("stage {0}: {1} of {2} deals seen there were won", stage, FactorText.Percent(level.Count.Won, level.Count.Closed), level.Count.Closed)
            : FactorPhrase.Of("stage {0} (typically {1} won)", stage, string.Create(CultureInfo.InvariantCulture, $"{_stagePriors[stage] * 100:0}%"));
    }

    private static bool Won(Deal d) => d.Outcome == DealOutcome.Won;

    internal static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(q / (1 - q));
    }

    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
