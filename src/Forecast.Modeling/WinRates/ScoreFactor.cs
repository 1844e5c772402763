using System.Globalization;

namespace Forecast.Modeling.WinRates;

/// <summary>
/// One reason behind a score, in plain words, with its effect in probability points (+0.08 = this fact raises
/// the probability by 8 points against a typical deal). <see cref="Phrase"/> is the same reason as a template and its
/// values, so a reader in another language gets it translated; <see cref="Text"/> is the English sentence.
/// </summary>
public sealed record ScoreFactor(string Group, string Text, double Effect)
{
    public FactorPhrase? Phrase { get; init; }

    public ScoreFactor(string group, FactorPhrase phrase, double effect)
        : this(group, (phrase ?? throw new ArgumentNullException(nameof(phrase))).Text, effect) => Phrase = phrase;
}

/// <summary>
/// A factor's sentence as an English template with <c>{0}</c>-style holes and the values that fill them, already
/// written as text (numbers invariant). The template is the translation key; the values (counts, amounts, the CRM's
/// own stage and family names) are shown as they are in every language.
/// </summary>
public sealed record FactorPhrase(string Template, IReadOnlyList<string> Args)
{
    public string Text => string.Format(CultureInfo.InvariantCulture, Template, [.. Args]);

    public static FactorPhrase Of(string template, params object[] args) =>
        new(template, args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray());
}

/// <summary>Plain-language descriptions of a deal's facts, one per factor group.</summary>
public static class FactorText
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Every template <see cref="Phrase"/> and the low-data model write (translations are checked against it).</summary>
    public static readonly IReadOnlyList<string> Templates =
    [
        "opened today", "open for {0} days", "amount {0}", "no amount entered",
        "no expected close date", "expected close passed {0} days ago", "expected to close today", "expected to close in {0} days",
        "the rep has no closed deals yet", "the rep won {0} of {1} closed deals ({2})", "the rep has {0} other open deals",
        "a new rep; team {0} won {1} of {2} deals", "a rep with no closed deals yet",
        "no earlier deals with this customer", "won {0} of {1} earlier deals with this customer", "won {0} of the last {1} deals with this customer",
        "no product family", "no closed {0} deals yet", "{0} deals won {1} of the time",
        "no activity with this customer on record", "no activity for {0} days", "activity today", "last activity {0} days ago",
        "no activities in the last {0} days", "{0} activities in the last {1} days",
        "customer not linked to the ERP", "no orders in the last 12 months", "{0} orders worth {1} in the last 12 months",
        "{0} overdue receivables", "no overdue receivables", "customer for {0} years", "not yet buying in the ERP",
        "{0} days to quarter end", "stage not observed yet", "stage {0}", "stage {0}: {1} of {2} deals seen there were won", "stage {0} (typically {1} won)",
        "product family {0}", "no lead source", "lead source {0}", "no team", "team {0}", "{0} {1}", "no {0}", "{0}",
    ];

    public static string Describe(string group, DealFeatures f) => group == "activity-volume" ? ActivityVolume(f) : Phrase(group, f).Text;

    /// <summary>
    /// The description of <paramref name="group"/> as a template and its values. For "activity-volume" the English
    /// <see cref="Describe"/> counts each kind ("3 calls, 1 meeting"); the phrase gives the total, which translates
    /// without per-kind plurals.
    /// </summary>
    public static FactorPhrase Phrase(string group, DealFeatures f)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(f);
        return group switch
        {
            "age" => f.AgeDays == 0 ? FactorPhrase.Of("opened today") : FactorPhrase.Of("open for {0} days", f.AgeDays),
            "amount" => f.Amount is { } a ? FactorPhrase.Of("amount {0}", a.ToString("N0", Culture)) : FactorPhrase.Of("no amount entered"),
            "expected-close" => f.DaysToExpectedClose switch
            {
                null => FactorPhrase.Of("no expected close date"),
                < 0 and var d => FactorPhrase.Of("expected close passed {0} days ago", -d),
                0 => FactorPhrase.Of("expected to close today"),
                var d => FactorPhrase.Of("expected to close in {0} days", d),
            },
            "rep" => f.Rep.Closed == 0
                ? FactorPhrase.Of("the rep has no closed deals yet")
                : FactorPhrase.Of("the rep won {0} of {1} closed deals ({2})", f.Rep.Won, f.Rep.Closed, Percent(f.Rep.Won, f.Rep.Closed)),
            "rep-workload" => FactorPhrase.Of("the rep has {0} other open deals", f.RepOpenDeals),
            "account" => f.AccountRecent.Closed == 0
                ? FactorPhrase.Of("no earlier deals with this customer")
                : f.AccountRecent.Closed < 10
                    ? FactorPhrase.Of("won {0} of {1} earlier deals with this customer", f.AccountRecent.Won, f.AccountRecent.Closed)
                    : FactorPhrase.Of("won {0} of the last {1} deals with this customer", f.AccountRecent.Won, f.AccountRecent.Closed),
            "family-rate" => f.ProductFamily is null
                ? FactorPhrase.Of("no product family")
                : f.Family.Closed == 0
                    ? FactorPhrase.Of("no closed {0} deals yet", f.ProductFamily)
                    : FactorPhrase.Of("{0} deals won {1} of the time", f.ProductFamily, Percent(f.Family.Won, f.Family.Closed)),
            "activity-recency" => f.DaysSinceLastActivity switch
            {
                null => FactorPhrase.Of("no activity with this customer on record"),
                >= 30 and var d => FactorPhrase.Of("no activity for {0} days", d),
                0 => FactorPhrase.Of("activity today"),
                var d => FactorPhrase.Of("last activity {0} days ago", d),
            },
            "activity-volume" => f.RecentActivities.Values.Sum() is var total && total == 0
                ? FactorPhrase.Of("no activities in the last {0} days", DealHistory.RecentActivityDays)
                : FactorPhrase.Of("{0} activities in the last {1} days", total, DealHistory.RecentActivityDays),
            "erp-revenue" => !f.HasErpHistory
                ? FactorPhrase.Of("customer not linked to the ERP")
                : f.Orders12Months == 0
                    ? FactorPhrase.Of("no orders in the last 12 months")
                    : FactorPhrase.Of("{0} orders worth {1} in the last 12 months", f.Orders12Months, f.Revenue12Months.ToString("N0", Culture)),
            "erp-overdue" => f.OverdueAmount > 0 ? FactorPhrase.Of("{0} overdue receivables", f.OverdueAmount.ToString("N0", Culture)) : FactorPhrase.Of("no overdue receivables"),
            "erp-tenure" => f.YearsAsCustomer is { } y ? FactorPhrase.Of("customer for {0} years", y.ToString("0.#", Culture)) : FactorPhrase.Of("not yet buying in the ERP"),
            "quarter" => FactorPhrase.Of("{0} days to quarter end", f.DaysToQuarterEnd),
            "stage" => f.Stage is null ? FactorPhrase.Of("stage not observed yet") : FactorPhrase.Of("stage {0}", f.Stage),
            "family" => f.ProductFamily is null ? FactorPhrase.Of("no product family") : FactorPhrase.Of("product family {0}", f.ProductFamily),
            "lead-source" => f.LeadSource is null ? FactorPhrase.Of("no lead source") : FactorPhrase.Of("lead source {0}", f.LeadSource),
            "team" => f.Team is null ? FactorPhrase.Of("no team") : FactorPhrase.Of("team {0}", f.Team),
            _ when group.StartsWith("attribute:", StringComparison.Ordinal) => Attribute(group["attribute:".Length..], f),
            _ when group.StartsWith("measure:", StringComparison.Ordinal) => Measure(group["measure:".Length..], f),
            _ => FactorPhrase.Of("{0}", group),
        };
    }

    /// <summary>The factor of <paramref name="group"/> with its English sentence and its phrase.</summary>
    public static ScoreFactor Factor(string group, DealFeatures f, double effect) =>
        new(group, Describe(group, f), effect) { Phrase = Phrase(group, f) };

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

    private static FactorPhrase Attribute(string name, DealFeatures f) =>
        f.Attributes is not null && f.Attributes.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? FactorPhrase.Of("{0} {1}", name, v) : FactorPhrase.Of("no {0}", name);

    private static FactorPhrase Measure(string name, DealFeatures f) =>
        f.Measures is not null && f.Measures.TryGetValue(name, out var v) && double.IsFinite(v) ? FactorPhrase.Of("{0} {1}", name, v.ToString("0.##", Culture)) : FactorPhrase.Of("no {0}", name);

    private static string Invariant(FormattableString s) => s.ToString(Culture);
}
