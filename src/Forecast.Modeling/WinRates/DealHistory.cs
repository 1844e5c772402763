namespace Forecast.Modeling.WinRates;

/// <summary>
/// Indexes a company's deals, activities and ERP facts so that any deal can be described as of any day using
/// only what was known by the end of that day (point-in-time features, the guard against leakage that
/// Kaufman et al., "Leakage in data mining", ACM TKDD 6(4), 2012, call "learn-predict separation").
/// Core feeds it from the database, the benchmark from CSV.
/// </summary>
public sealed class DealHistory
{
    /// <summary>Pseudo-deals a running rate (rep, product family) is shrunk with towards its parent.</summary>
    public const double RunningShrinkage = 10;

    /// <summary>How far back "recent" activity counts reach.</summary>
    public const int RecentActivityDays = 90;

    private readonly Dictionary<string, Deal> _byId;
    private readonly ClosedIndex _all;
    private readonly Dictionary<string, ClosedIndex> _byRep;
    private readonly Dictionary<string, ClosedIndex> _byTeam;
    private readonly Dictionary<string, ClosedIndex> _byAccount;
    private readonly Dictionary<string, ClosedIndex> _byFamily;
    private readonly Dictionary<string, Deal[]> _dealsByRep;
    private readonly Dictionary<string, DealObservation[]> _observations;
    private readonly Dictionary<string, Dictionary<string, DateOnly[]>> _activities;
    private readonly Dictionary<string, DateOnly[]> _allActivities;
    private readonly Dictionary<string, DatedSums> _orders;
    private readonly Dictionary<string, DatedSums> _overdue;
    private readonly IReadOnlySet<string> _erpLinked;

    public DealHistory(DealHistoryData data)
    {
        Deals = data.Deals;
        _byId = data.Deals.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var closed = data.Deals.Where(d => d.Outcome != DealOutcome.Open && d.ClosedOn is not null).ToArray();
        _all = new ClosedIndex(closed);
        _byRep = Group(closed, d => d.RepKey);
        _byTeam = Group(closed, d => d.TeamKey);
        _byAccount = Group(closed, d => d.AccountKey);
        _byFamily = Group(closed, d => d.ProductFamily);
        _dealsByRep = data.Deals.Where(d => d.RepKey is not null)
            .GroupBy(d => d.RepKey!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _observations = data.Observations.GroupBy(o => o.DealId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.ObservedOn).ToArray(), StringComparer.Ordinal);
        _activities = data.Activities.GroupBy(a => a.AccountKey, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.GroupBy(a => a.Kind, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Select(a => a.OccurredOn).Order().ToArray(), StringComparer.Ordinal),
            StringComparer.Ordinal);
        _allActivities = data.Activities.GroupBy(a => a.AccountKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.OccurredOn).Order().ToArray(), StringComparer.Ordinal);
        ActivityKinds = data.Activities.Select(a => a.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _orders = data.Orders.GroupBy(o => o.AccountKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new DatedSums(g.Select(o => (o.OrderedOn, o.Amount))), StringComparer.Ordinal);
        _overdue = data.Receivables.Where(r => r.OpenAmount > 0).GroupBy(r => r.AccountKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new DatedSums(g.Select(r => (r.DueOn, r.OpenAmount))), StringComparer.Ordinal);
        _erpLinked = data.ErpLinkedAccounts;
    }

    public IReadOnlyList<Deal> Deals { get; }

    /// <summary>Every activity kind seen (call, email...), in a stable order.</summary>
    public IReadOnlyList<string> ActivityKinds { get; }

    public Deal this[string id] => _byId[id];

    /// <summary>Deals whose outcome was known by the end of <paramref name="day"/>.</summary>
    public IEnumerable<Deal> ClosedBy(DateOnly day) => Deals.Where(d => d.IsClosedBy(day));

    /// <summary>Deals in the pipeline at the end of <paramref name="day"/>: opened, and not closed by then.</summary>
    public IEnumerable<Deal> OpenOn(DateOnly day) => Deals.Where(d => d.OpenedOn <= day && !d.IsClosedBy(day));

    /// <summary>The stages a deal was seen in before it closed (or up to <paramref name="until"/>).</summary>
    public IReadOnlyList<string> ObservedStages(Deal deal, DateOnly until)
    {
        if (!_observations.TryGetValue(deal.Id, out var observations))
            return [];
        var end = deal.ClosedOn is { } c && c <= until ? c.AddDays(-1) : until;
        return observations.Where(o => o.ObservedOn <= end && o.Stage is not null)
            .Select(o => o.Stage!).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Describes <paramref name="deal"/> with what was known at the end of <paramref name="asOf"/>.</summary>
    public DealFeatures FeaturesAsOf(Deal deal, DateOnly asOf)
    {
        var global = _all.CountBy(asOf);
        var globalRate = (global.Won + 1.0) / (global.Closed + 2.0);
        var team = deal.TeamKey is { } t && _byTeam.TryGetValue(t, out var teamIndex) ? teamIndex.CountBy(asOf) : default;
        var teamRate = BetaBinomial.PosteriorMean(team, globalRate, RunningShrinkage);
        var rep = deal.RepKey is { } r && _byRep.TryGetValue(r, out var repIndex) ? repIndex.CountBy(asOf) : default;
        var family = deal.ProductFamily is { } f && _byFamily.TryGetValue(f, out var familyIndex) ? familyIndex.CountBy(asOf) : default;
        ClosedIndex? account = deal.AccountKey is { } a && _byAccount.TryGetValue(a, out var accountIndex) ? accountIndex : null;

        var observation = LastObservation(deal.Id, asOf);
        var (daysSince, recent, during) = Activity(deal, asOf);
        var linked = deal.AccountKey is { } key && (_erpLinked.Contains(key) || _orders.ContainsKey(key));
        DatedSums? orders = deal.AccountKey is { } ok && _orders.TryGetValue(ok, out var o) ? o : null;
        var overdue = deal.AccountKey is { } rk && _overdue.TryGetValue(rk, out var od) ? od.SumBefore(asOf) : 0;

        return new DealFeatures
        {
            DealId = deal.Id,
            AsOf = asOf,
            AgeDays = Math.Max(0, asOf.DayNumber - deal.OpenedOn.DayNumber),
            Amount = deal.Amount,
            Stage = observation?.Stage,
            DaysToExpectedClose = observation?.ExpectedCloseOn is { } e ? e.DayNumber - asOf.DayNumber : null,
            ProductFamily = deal.ProductFamily,
            LeadSource = deal.LeadSource,
            Team = deal.TeamKey,
            Rep = rep,
            RepWinRate = BetaBinomial.PosteriorMean(rep, teamRate, RunningShrinkage),
            RepOpenDeals = RepOpenDeals(deal, asOf),
            Account = account?.CountBy(asOf) ?? default,
            AccountRecent = account?.LastCountBy(asOf, 10) ?? default,
            Family = family,
            FamilyWinRate = BetaBinomial.PosteriorMean(family, globalRate, RunningShrinkage),
            GlobalWinRate = globalRate,
            DaysSinceLastActivity = daysSince,
            RecentActivities = recent,
            ActivitiesDuringDeal = during,
            HasErpHistory = linked,
            Revenue12Months = orders is null ? 0 : orders.SumBetween(asOf.AddDays(-365), asOf),
            Orders12Months = orders is null ? 0 : orders.CountBetween(asOf.AddDays(-365), asOf),
            OverdueAmount = overdue,
            YearsAsCustomer = orders?.First is { } first && first <= asOf ? (asOf.DayNumber - first.DayNumber) / 365.25 : null,
            DaysToQuarterEnd = DaysToQuarterEnd(asOf),
            Attributes = deal.Attributes,
            Measures = deal.Measures,
        };
    }

    internal static int DaysToQuarterEnd(DateOnly day)
    {
        var quarterEndMonth = (((day.Month - 1) / 3) + 1) * 3;
        var end = new DateOnly(day.Year, quarterEndMonth, DateTime.DaysInMonth(day.Year, quarterEndMonth));
        return end.DayNumber - day.DayNumber;
    }

    private DealObservation? LastObservation(string dealId, DateOnly asOf)
    {
        if (!_observations.TryGetValue(dealId, out var observations))
            return null;
        DealObservation? last = null;
        foreach (var o in observations)
        {
            if (o.ObservedOn > asOf)
                break;
            last = o;
        }
        return last;
    }

    private (int? DaysSince, Dictionary<string, int> Recent, int During) Activity(Deal deal, DateOnly asOf)
    {
        var recent = new Dictionary<string, int>(StringComparer.Ordinal);
        if (deal.AccountKey is null || !_allActivities.TryGetValue(deal.AccountKey, out var all))
            return (null, recent, 0);
        var upTo = UpperBound(all, asOf);
        int? daysSince = upTo == 0 ? null : asOf.DayNumber - all[upTo - 1].DayNumber;
        var during = upTo - LowerBound(all, deal.OpenedOn);
        var from = asOf.AddDays(-RecentActivityDays + 1);
        foreach (var (kind, dates) in _activities[deal.AccountKey])
            recent[kind] = UpperBound(dates, asOf) - LowerBound(dates, from);
        return (daysSince, recent, Math.Max(0, during));
    }

    private int RepOpenDeals(Deal deal, DateOnly asOf)
    {
        if (deal.RepKey is null || !_dealsByRep.TryGetValue(deal.RepKey, out var deals))
            return 0;
        var open = 0;
        foreach (var d in deals)
        {
            if (!ReferenceEquals(d, deal) && d.OpenedOn <= asOf && !d.IsClosedBy(asOf))
                open++;
        }
        return open;
    }

    private static Dictionary<string, ClosedIndex> Group(IEnumerable<Deal> closed, Func<Deal, string?> key) =>
        closed.Where(d => key(d) is not null).GroupBy(d => key(d)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ClosedIndex(g), StringComparer.Ordinal);

    /// <summary>Index of the first element greater than <paramref name="day"/>.</summary>
    internal static int UpperBound(DateOnly[] sorted, DateOnly day)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= day)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>Index of the first element not before <paramref name="day"/>.</summary>
    internal static int LowerBound(DateOnly[] sorted, DateOnly day)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < day)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>Closed deals sorted by close day with running win counts.</summary>
    private sealed class ClosedIndex
    {
        private readonly DateOnly[] _days;
        private readonly int[] _cumulativeWins;
        private readonly bool[] _won;

        public ClosedIndex(IEnumerable<Deal> closed)
        {
            var sorted = closed.OrderBy(d => d.ClosedOn!.Value).ThenBy(d => d.Id, StringComparer.Ordinal).ToArray();
            _days = sorted.Select(d => d.ClosedOn!.Value).ToArray();
            _won = sorted.Select(d => d.Outcome == DealOutcome.Won).ToArray();
            _cumulativeWins = new int[sorted.Length + 1];
            for (var i = 0; i < sorted.Length; i++)
                _cumulativeWins[i + 1] = _cumulativeWins[i] + (_won[i] ? 1 : 0);
        }

        public WinCount CountBy(DateOnly day)
        {
            var n = UpperBound(_days, day);
            return new WinCount(_cumulativeWins[n], n);
        }

        public WinCount LastCountBy(DateOnly day, int last)
        {
            var n = UpperBound(_days, day);
            var from = Math.Max(0, n - last);
            return new WinCount(_cumulativeWins[n] - _cumulativeWins[from], n - from);
        }
    }

    /// <summary>Dated amounts sorted by day with running sums.</summary>
    private sealed class DatedSums
    {
        private readonly DateOnly[] _days;
        private readonly double[] _cumulative;

        public DatedSums(IEnumerable<(DateOnly Day, double Amount)> items)
        {
            var sorted = items.OrderBy(i => i.Day).ToArray();
            _days = sorted.Select(i => i.Day).ToArray();
            _cumulative = new double[sorted.Length + 1];
            for (var i = 0; i < sorted.Length; i++)
                _cumulative[i + 1] = _cumulative[i] + sorted[i].Amount;
        }

        public DateOnly? First => _days.Length == 0 ? null : _days[0];

        /// <summary>Sum over days in (<paramref name="after"/>, <paramref name="upTo"/>].</summary>
        public double SumBetween(DateOnly after, DateOnly upTo) =>
            _cumulative[UpperBound(_days, upTo)] - _cumulative[UpperBound(_days, after)];

        public int CountBetween(DateOnly after, DateOnly upTo) => UpperBound(_days, upTo) - UpperBound(_days, after);

        /// <summary>Sum over days strictly before <paramref name="day"/>.</summary>
        public double SumBefore(DateOnly day) => _cumulative[LowerBound(_days, day)];
    }
}
