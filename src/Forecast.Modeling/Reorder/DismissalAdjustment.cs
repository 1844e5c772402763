namespace Forecast.Modeling.Reorder;

/// <summary>
/// A post-model adjustment for a pair a sales rep said will not order now ("not buying", "already ordered elsewhere"):
/// the rep's statement is evidence that the pair has stopped, so the odds that the pair is still active are divided by a
/// likelihood ratio LR = P(such a dismissal | pair stopped) / P(such a dismissal | pair active), Bayes' rule on the odds
/// (Good 1950, "weight of evidence"). P(order within the horizon) is the product P(customer) x P(product) x P(pair active)
/// x P(gap ends within the horizon | active), so it moves by the same factor as P(pair active); the dates, which say when
/// the next order comes if it comes, do not move. The evidence counts only until the pair orders again: an order after
/// the dismissal day ends it, and a dismissal after the as-of day is not known yet (replaying a day gives what live gave).
/// </summary>
public static class DismissalAdjustment
{
    /// <summary>
    /// The forecast with P(pair active) updated for a dismissal on <paramref name="dismissalDay"/>, or the forecast
    /// unchanged when the dismissal is after the as-of day, the pair ordered after it, or <paramref name="likelihoodRatio"/> is 1.
    /// </summary>
    /// <param name="forecast">The model's forecast.</param>
    /// <param name="dismissalDay">Day number of the latest such dismissal of the pair.</param>
    /// <param name="likelihoodRatio">LR &gt;= 1; the odds of "pair active" are divided by it.</param>
    public static ReorderForecast Apply(ReorderForecast forecast, int dismissalDay, double likelihoodRatio)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        if (!(likelihoodRatio >= 1) || double.IsInfinity(likelihoodRatio))
            throw new ArgumentOutOfRangeException(nameof(likelihoodRatio), likelihoodRatio, "A likelihood ratio of at least 1.");
        if (!IsInForce(forecast, dismissalDay) || likelihoodRatio == 1)
            return forecast;
        var active = forecast.ProbabilityPairActive;
        var adjusted = AdjustActive(active, likelihoodRatio);
        var factor = active > 0 ? adjusted / active : 0;
        return forecast with
        {
            ProbabilityPairActive = adjusted,
            ProbabilityWithinHorizon = forecast.ProbabilityWithinHorizon * factor,
        };
    }

    /// <summary>Whether a dismissal on <paramref name="dismissalDay"/> is known on the as-of day and not yet followed by an order of the pair.</summary>
    public static bool IsInForce(ReorderForecast forecast, int dismissalDay)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return dismissalDay <= forecast.AsOfDay && forecast.LastOrderDay <= dismissalDay;
    }

    /// <summary>P / (P + (1 - P) x LR): the probability whose odds are the odds of <paramref name="active"/> divided by LR.</summary>
    public static double AdjustActive(double active, double likelihoodRatio) =>
        active <= 0 ? 0 : active / (active + (1 - active) * likelihoodRatio);

    /// <summary>
    /// The likelihood ratio of <paramref name="grid"/> with the smallest mean log loss of P(order within the horizon) over
    /// dismissed pairs whose outcome is known (an earlier window: choose there, check on a later one). Pairs without a
    /// dismissal are not needed: the adjustment leaves them as they are. Ties go to the smaller ratio.
    /// </summary>
    /// <param name="outcomes">Per dismissed pair: the model's P(order within the horizon), its P(pair active), and whether it ordered within the horizon.</param>
    /// <param name="grid">Candidate ratios, each &gt;= 1.</param>
    public static double ChooseLikelihoodRatio(IReadOnlyList<(double Probability, double PairActive, bool Ordered)> outcomes, IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Count == 0)
            throw new ArgumentException("At least one candidate ratio.", nameof(grid));
        return grid.OrderBy(r => r).MinBy(r => LogLoss(outcomes, r));
    }

    /// <summary>Mean log loss of P(order within the horizon) after the adjustment with <paramref name="likelihoodRatio"/>.</summary>
    public static double LogLoss(IReadOnlyList<(double Probability, double PairActive, bool Ordered)> outcomes, double likelihoodRatio)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return 0;
        const double Floor = 1e-9;
        return outcomes.Average(o =>
        {
            var factor = o.PairActive > 0 ? AdjustActive(o.PairActive, likelihoodRatio) / o.PairActive : 0;
            var p = Math.Clamp(o.Probability * factor, Floor, 1 - Floor);
            return -(o.Ordered ? Math.Log(p) : Math.Log(1 - p));
        });
    }
}
