using System.Globalization;

namespace Forecast.Modeling.WinRates;

/// <summary>
/// One reason behind a score, in plain words, with its effect in probability points (+0.08 = this fact raises
/// the probability by 8 points against a typical deal).
/// </summary>
public sealed record ScoreFactor(string Group, string Text, double Effect);

/// <summary>Plain-language descriptions of a deal's facts, one per factor group.</summary>
public static class FactorText
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Describe(string group, DealFeatures f) => group switch
    {
        "age" => f.AgeDays == 0 ? "opened today" : Invariant($"open for {f.AgeDays} days"),
        "amount" => f.Amount is { } a ? Invariant($"amount {a:N0}") : "no amount entered",
        "expected-close" => f.DaysToExpectedClose switch
        {
            null => "no expected close date",
            < 0 and var d => Invariant($"expected close passed {-d} days ago"),
            0 => "expected to close today",
            var d => Invariant($"expected to close in {d} days"),
        },
        "rep" => f.Rep.Closed == 0
            ? "the rep has no closed deals yet"
            : Invariant($"the rep won {f.Rep.Won} of {f.Rep.Closed} closed deals ({Percent(f.Rep.Won, f.Rep.Closed)})"),
        "rep-workload" => Invariant($"the rep has {f.RepOpenDeals} other open deals"),
        "account" => f.AccountRecent.Closed == 0
            ? "no earlier deals with this customer"
            : f.AccountRecent.Closed < 10
                ? Invariant($"won {f.AccountRecent.Won} of {f.AccountRecent.Closed} earlier deals with this customer")
                : Invariant($"won {f.AccountRecent.Won} of the last {f.AccountRecent.Closed} deals with this customer"),
        "family-rate" => f.ProductFamily is null
            ? "no product family"
            : f.Family.Closed == 0
                ? Invariant($"no closed {f.ProductFamily} deals yet")
                : Invariant($"{f.ProductFamily} deals won {Percent(f.Family.Won, f.Family.Closed)} of the time"),
        "activity-recency" => f.DaysSinceLastActivity switch
        {
            null => "no activity with this customer on record",
            >= 30 and var d => Invariant($"no activity for {d} days"),
            0 => "activity today",
            var d => Invariant($"last activity {d} days ago"),
        },
        "activity-volume" => ActivityVolume(f),
        "erp-revenue" => !f.HasErpHistory
            ? "customer not linked to the ERP"
            : f.Orders12Months == 0
                ? "no orders in the last 12 months"
                : Invariant($"{f.Orders12Months} orders worth {f.Revenue12Months:N0} in the last 12 months"),
        "erp-overdue" => f.OverdueAmount > 0 ? Invariant($"{f.OverdueAmount:N0} overdue receivables") : "no overdue receivables",
        "erp-tenure" => f.YearsAsCustomer is { } y ? Invariant($"customer for {y:0.#} years") : "not yet buying in the ERP",
        "quarter" => Invariant($"{f.DaysToQuarterEnd} days to quarter end"),
        "stage" => f.Stage is null ? "stage not observed yet" : $"stage {f.Stage}",
        "family" => f.ProductFamily is null ? "no product family" : $"product family {f.ProductFamily}",
        "lead-source" => f.LeadSource is null ? "no lead source" : $"lead source {f.LeadSource}",
        "team" => f.Team is null ? "no team" : $"team {f.Team}",
        _ when group.StartsWith("attribute:", StringComparison.Ordinal) => Attribute(group["attribute:".Length..], f),
        _ when group.StartsWith("measure:", StringComparison.Ordinal) => Measure(group["measure:".Length..], f),
        _ => group,
    };

    /// <summary>"+8 pts: won 8 of the last 10 deals with this customer".</summary>
    public static string WithEffect(ScoreFactor factor) =>
        Invariant($"{(factor.Effect >= 0 ? "+" : "-")}{Math.Abs(factor.Effect) * 100:0} pts: {factor.Text}");

    internal static string Percent(int won, int closed) => Invariant($"{100.0 * won / closed:0}%");

    private static string ActivityVolume(DealFeatures f)
    {
        var total = f.RecentActivities.Values.Sum();
        if (total == 0)
            return Invariant($"no activities in the last {DealHistory.RecentActivityDays} days");
        var parts = f.RecentActivities.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value)
            .Select(kv => Invariant($"{kv.Value} {kv.Key.ToLowerInvariant()}{(kv.Value == 1 ? "" : "s")}"));
        return Invariant($"{string.Join(", ", parts)} in the last {DealHistory.RecentActivityDays} days");
    }

    private static string Attribute(string name, DealFeatures f) =>
        f.Attributes is not null && f.Attributes.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? $"{name} {v}" : $"no {name}";

    private static string Measure(string name, DealFeatures f) =>
        f.Measures is not null && f.Measures.TryGetValue(name, out var v) && double.IsFinite(v) ? Invariant($"{name} {v:0.##}") : $"no {name}";

    private static string Invariant(FormattableString s) => s.ToString(Culture);
}
