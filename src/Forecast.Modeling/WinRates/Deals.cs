namespace Forecast.Modeling.WinRates;

/// <summary>Where a deal stands: still open, or closed won or lost.</summary>
public enum DealOutcome
{
    Open,
    Won,
    Lost,
}

/// <summary>
/// One sales opportunity as the win-probability model sees it: only facts that do not depend on how the deal
/// ended. The caller must not put outcome-dependent values here (e.g. a "close value" that is 0 for lost deals,
/// or the stage of a closed deal): what changes during a deal's life goes into <see cref="DealObservation"/>s,
/// which are used only as of the day they were observed.
/// </summary>
/// <param name="Id">The deal's key.</param>
/// <param name="OpenedOn">The first day the deal was in the pipeline (created, or engaged).</param>
public sealed record Deal(string Id, DateOnly OpenedOn)
{
    /// <summary>The customer the deal is with, in the key space of <see cref="CustomerOrder.AccountKey"/>.</summary>
    public string? AccountKey { get; init; }
    public string? RepKey { get; init; }
    /// <summary>The rep's team (territory, manager...): the level rep win rates are shrunk towards.</summary>
    public string? TeamKey { get; init; }
    public DealOutcome Outcome { get; init; }
    /// <summary>The day the deal was won or lost; null while open.</summary>
    public DateOnly? ClosedOn { get; init; }
    /// <summary>The deal's value while it was open (not a close value that is 0 when lost).</summary>
    public double? Amount { get; init; }
    public string? ProductFamily { get; init; }
    public string? LeadSource { get; init; }
    /// <summary>Static categorical facts about the deal or its account (sector, country...), assumed not to change over time.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
    /// <summary>Static numeric facts about the deal or its account (employees, company age...).</summary>
    public IReadOnlyDictionary<string, double>? Measures { get; init; }

    /// <summary>True when the outcome was known at the end of <paramref name="day"/>.</summary>
    public bool IsClosedBy(DateOnly day) => Outcome != DealOutcome.Open && ClosedOn is { } c && c <= day;
}

/// <summary>What the CRM said about an open deal on one day: its stage and expected close date then.</summary>
public sealed record DealObservation(string DealId, DateOnly ObservedOn, string? Stage, DateOnly? ExpectedCloseOn);

/// <summary>A call, email, meeting or visit with a customer, on a day.</summary>
public sealed record SalesActivity(string AccountKey, DateOnly OccurredOn, string Kind);

/// <summary>An ERP sales order of a customer (its value in the company's currency).</summary>
public sealed record CustomerOrder(string AccountKey, DateOnly OrderedOn, double Amount);

/// <summary>
/// An ERP invoice with the amount still unpaid today. Whether it was paid by an earlier day is unknown,
/// so overdue amounts as of a past day count only invoices that are still open (a lower bound).
/// </summary>
public sealed record Receivable(string AccountKey, DateOnly InvoicedOn, DateOnly DueOn, double OpenAmount);

/// <summary>Everything the feature builder reads. Lists may be in any order.</summary>
public sealed record DealHistoryData
{
    public IReadOnlyList<Deal> Deals { get; init; } = [];
    public IReadOnlyList<DealObservation> Observations { get; init; } = [];
    public IReadOnlyList<SalesActivity> Activities { get; init; } = [];
    public IReadOnlyList<CustomerOrder> Orders { get; init; } = [];
    public IReadOnlyList<Receivable> Receivables { get; init; } = [];
    /// <summary>Accounts linked to an ERP customer: for these, no orders means "bought nothing", not "unknown".</summary>
    public IReadOnlySet<string> ErpLinkedAccounts { get; init; } = new HashSet<string>();
}
