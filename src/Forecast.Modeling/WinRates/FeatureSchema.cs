using System.Globalization;

namespace Forecast.Modeling.WinRates;

/// <summary>How a factor group is explained: by its numbers, or as a category.</summary>
public enum FactorKind
{
    Numeric,
    Category,
}

/// <summary>One column of the model's feature vector; columns of one <see cref="Group"/> are explained together.</summary>
public sealed record FeatureColumn(string Name, string Group);

/// <summary>
/// Turns <see cref="DealFeatures"/> into the fixed-width float vector the classifiers read: numbers as they are
/// (a missing number becomes 0 plus a "known" indicator, since FastTree drops rows holding NaN), categories
/// one-hot over the values seen at least <see cref="MinCategoryCount"/> times in training (others share an
/// "other" column). The layout is fitted on training rows and stored with the model.
/// </summary>
public sealed class FeatureSchema
{
    public const string OtherCategory = "(other)";
    public const string UnknownCategory = "(unknown)";

    private readonly Dictionary<string, int> _index;

    public FeatureSchema(
        IReadOnlyList<string> activityKinds,
        IReadOnlyDictionary<string, IReadOnlyList<string>> categories,
        IReadOnlyList<string> measures,
        int minCategoryCount)
    {
        ActivityKinds = activityKinds;
        Categories = categories;
        Measures = measures;
        MinCategoryCount = minCategoryCount;
        Columns = BuildColumns();
        _index = Columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> ActivityKinds { get; }
    /// <summary>Category name (stage, family, lead source, team, attribute:...) → its one-hot values in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Categories { get; }
    public IReadOnlyList<string> Measures { get; }
    public int MinCategoryCount { get; }
    public IReadOnlyList<FeatureColumn> Columns { get; }
    public int Width => Columns.Count;

    /// <summary>The groups in column order with the kind of explanation each gets.</summary>
    public IReadOnlyList<(string Group, FactorKind Kind)> Groups =>
        Columns.Select(c => c.Group).Distinct(StringComparer.Ordinal)
            .Select(g => (g, Categories.ContainsKey(g) ? FactorKind.Category : FactorKind.Numeric)).ToArray();

    /// <summary>Fits the layout: which categories and values are frequent enough to get a column.</summary>
    public static FeatureSchema Fit(IReadOnlyCollection<DealFeatures> rows, IReadOnlyList<string> activityKinds, int minCategoryCount = 20)
    {
        var categories = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var name in rows.SelectMany(r => CategoryValues(r).Select(c => c.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var frequent = rows.Select(r => CategoryValues(r).FirstOrDefault(c => c.Name == name).Value ?? UnknownCategory)
                .GroupBy(v => v, StringComparer.Ordinal)
                .Where(g => g.Count() >= minCategoryCount)
                .Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
            // A category with one frequent value carries no information.
            if (frequent.Count > 1 || (frequent.Count == 1 && rows.Count(r => (CategoryValues(r).FirstOrDefault(c => c.Name == name).Value ?? UnknownCategory) != frequent[0]) >= minCategoryCount))
                categories[name] = frequent;
        }
        var measures = rows.SelectMany(r => r.Measures?.Keys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new FeatureSchema(activityKinds, categories, measures, minCategoryCount);
    }

    /// <summary>The model's input vector for one row.</summary>
    public float[] Encode(DealFeatures f)
    {
        var x = new float[Width];
        void Set(string name, double value) => x[_index[name]] = (float)value;

        Set("age.days", f.AgeDays);
        Set("amount.log", f.Amount is { } a ? Math.Log(1 + Math.Max(0, a)) : 0);
        Set("amount.known", f.Amount is null ? 0 : 1);
        Set("expected-close.days", f.DaysToExpectedClose ?? 0);
        Set("expected-close.known", f.DaysToExpectedClose is null ? 0 : 1);
        Set("rep.rate", f.RepWinRate);
        Set("rep.closed", f.Rep.Closed);
        Set("rep.open", f.RepOpenDeals);
        Set("account.rate", (f.Account.Won + (DealHistory.RunningShrinkage * f.GlobalWinRate)) / (f.Account.Closed + DealHistory.RunningShrinkage));
        Set("account.closed", f.Account.Closed);
        Set("account.recent-won", f.AccountRecent.Won);
        Set("account.recent-lost", f.AccountRecent.Lost);
        Set("family.rate", f.FamilyWinRate);
        Set("activity.days-since", f.DaysSinceLastActivity ?? 0);
        Set("activity.known", f.DaysSinceLastActivity is null ? 0 : 1);
        Set("activity.during-deal", f.ActivitiesDuringDeal);
        foreach (var kind in ActivityKinds)
            Set("activity.recent." + kind, f.RecentActivities.GetValueOrDefault(kind));
        Set("erp.linked", f.HasErpHistory ? 1 : 0);
        Set("erp.revenue-12m.log", Math.Log(1 + Math.Max(0, f.Revenue12Months)));
        Set("erp.orders-12m", f.Orders12Months);
        Set("erp.overdue.log", Math.Log(1 + Math.Max(0, f.OverdueAmount)));
        Set("erp.years", f.YearsAsCustomer ?? 0);
        Set("calendar.days-to-quarter-end", f.DaysToQuarterEnd);
        foreach (var measure in Measures)
        {
            var known = f.Measures is not null && f.Measures.TryGetValue(measure, out var v) && double.IsFinite(v);
            Set("measure." + measure, known ? f.Measures![measure] : 0);
            Set("measure." + measure + ".known", known ? 1 : 0);
        }
        foreach (var (name, value) in CategoryValues(f))
        {
            if (!Categories.TryGetValue(name, out var values))
                continue;
            var column = values.Contains(value ?? UnknownCategory, StringComparer.Ordinal) ? value ?? UnknownCategory : OtherCategory;
            Set(name + "=" + column, 1);
        }
        // Categories the row does not carry at all count as unknown.
        foreach (var (name, values) in Categories)
        {
            if (!CategoryValues(f).Any(c => c.Name == name))
                Set(name + "=" + (values.Contains(UnknownCategory, StringComparer.Ordinal) ? UnknownCategory : OtherCategory), 1);
        }
        return x;
    }

    /// <summary>The categorical facts of a row, named as the schema names them.</summary>
    public static IEnumerable<(string Name, string? Value)> CategoryValues(DealFeatures f)
    {
        yield return ("stage", f.Stage);
        yield return ("family", f.ProductFamily);
        yield return ("lead-source", f.LeadSource);
        yield return ("team", f.Team);
        if (f.Attributes is not null)
        {
            foreach (var (k, v) in f.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                yield return ("attribute:" + k, string.IsNullOrEmpty(v) ? null : v);
        }
    }

    private List<FeatureColumn> BuildColumns()
    {
        var columns = new List<FeatureColumn>();
        void Add(string name, string group) => columns.Add(new FeatureColumn(name, group));
        Add("age.days", "age");
        Add("amount.log", "amount");
        Add("amount.known", "amount");
        Add("expected-close.days", "expected-close");
        Add("expected-close.known", "expected-close");
        Add("rep.rate", "rep");
        Add("rep.closed", "rep");
        Add("rep.open", "rep-workload");
        Add("account.rate", "account");
        Add("account.closed", "account");
        Add("account.recent-won", "account");
        Add("account.recent-lost", "account");
        Add("family.rate", "family-rate");
        Add("activity.days-since", "activity-recency");
        Add("activity.known", "activity-recency");
        Add("activity.during-deal", "activity-volume");
        foreach (var kind in ActivityKinds)
            Add("activity.recent." + kind, "activity-volume");
        Add("erp.linked", "erp-revenue");
        Add("erp.revenue-12m.log", "erp-revenue");
        Add("erp.orders-12m", "erp-revenue");
        Add("erp.overdue.log", "erp-overdue");
        Add("erp.years", "erp-tenure");
        Add("calendar.days-to-quarter-end", "quarter");
        foreach (var measure in Measures)
        {
            Add("measure." + measure, "measure:" + measure);
            Add("measure." + measure + ".known", "measure:" + measure);
        }
        foreach (var (name, values) in Categories.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var value in values)
                Add(name + "=" + value, name);
            if (!values.Contains(OtherCategory, StringComparer.Ordinal))
                Add(name + "=" + OtherCategory, name);
        }
        return columns;
    }

    /// <summary>A compact, stable text form (stored with a trained model).</summary>
    public string Describe() => string.Join("\n", Columns.Select(c => c.Name));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width} columns in {Groups.Count} groups");
}
