namespace Forecast.Modeling.Reorder;

/// <summary>
/// A post-model adjustment for a pair a sales rep said will not order now ("not buying", "already ordered elsewhere"):
/// the rep's statement is evidence that the pair has stopped, so P(pair active) is multiplied by a share kept, r in (0, 1].
/// Not Bayes' rule on the odds: the model's P(pair active) comes from the pair's own order history, which knows nothing of
/// a competitor's win, so a very regular pair (P(pair active) 0.999) would hardly move under an odds update although the
/// rep's news is about exactly what its history cannot show. P(order within the horizon) is the product P(customer) x P(product) x P(pair active)
/// x P(gap ends within the horizon | active), so it moves by the same factor as P(pair active); the dates, which say when
/// the next order comes if it comes, do not move. The evidence counts only until the pair orders again: an order after
/// the dismissal day ends it, and a dismissal after the as-of day is not known yet (replaying a day gives what live gave).
/// </summary>
public static class DismissalAdjustment
{
    /// <summary>
    /// The forecast with P(pair active) x <paramref name="retained"/> for a dismissal on <paramref name="dismissalDay"/>, or the
    /// forecast unchanged when the dismissal is after the as-of day, the pair ordered after it, or <paramref name="retained"/> is 1.
    /// </summary>
    /// <param name="forecast">The model's forecast.</param>
    /// <param name="dismissalDay">Day number of the latest such dismissal of the pair.</param>
    /// <param name="retained">The share of P(pair active) kept, in (0, 1].</param>
    public static ReorderForecast Apply(ReorderForecast forecast, int dismissalDay, double retained)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        if (!(retained > 0 && retained <= 1))
            throw new ArgumentOutOfRangeException(nameof(retained), retained, "A share in (0, 1].");
        if (!IsInForce(forecast, dismissalDay) || retained == 1)
            return forecast;
        return forecast with
        {
            ProbabilityPairActive = forecast.ProbabilityPairActive * retained,
            ProbabilityWithinHorizon = forecast.ProbabilityWithinHorizon * retained,
        };
    }

    /// <summary>Whether a dismissal on <paramref name="dismissalDay"/> is known on the as-of day and not yet followed by an order of the pair.</summary>
    public static bool IsInForce(ReorderForecast forecast, int dismissalDay)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return dismissalDay <= forecast.AsOfDay && forecast.LastOrderDay <= dismissalDay;
    }

    /// <summary>
    /// The share kept of <paramref name="grid"/> with the smallest mean log loss of P(order within the horizon) over
    /// dismissed pairs whose outcome is known (an earlier window: choose there, check on a later one). Pairs without a
    /// dismissal are not needed: the adjustment leaves them as they are. Ties go to the larger share (the smaller change).
    /// </summary>
    /// <param name="outcomes">Per dismissed pair: the model's P(order within the horizon) and whether it ordered within the horizon.</param>
    /// <param name="grid">Candidate shares, each in (0, 1].</param>
    public static double ChooseRetained(IReadOnlyList<(double Probability, bool Ordered)> outcomes, IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Count == 0)
            throw new ArgumentException("At least one candidate share.", nameof(grid));
        return grid.OrderByDescending(r => r).MinBy(r => LogLoss(outcomes, r));
    }

    /// <summary>Mean log loss of P(order within the horizon) x <paramref name="retained"/>.</summary>
    public static double LogLoss(IReadOnlyList<(double Probability, bool Ordered)> outcomes, double retained)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return 0;
        const double Floor = 1e-9;
        return outcomes.Average(o =>
        {
            var p = Math.Clamp(o.Probability * retained, Floor, 1 - Floor);
            return -(o.Ordered ? Math.Log(p) : Math.Log(1 - p));
        });
    }
}
