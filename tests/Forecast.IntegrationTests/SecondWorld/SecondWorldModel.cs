namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>How a customer × product pair orders: the second world's laws, none of them a Gamma renewal process.</summary>
public enum OrderingLaw
{
    /// <summary>On a fixed day of the month every 1, 2 or 3 months (a purchasing calendar), ± 2 days, sometimes skipped.</summary>
    Calendar,
    /// <summary>Gaps = a cycle that drifts exponentially in time (shortening or lengthening) × log-logistic noise.</summary>
    DriftingLogLogistic,
    /// <summary>Gaps Weibull-distributed (consumption until a bin runs empty).</summary>
    Weibull,
}

/// <summary>How a customer's buying follows the seasons, on top of its country's quiet windows.</summary>
public enum SeasonalHabit
{
    None,
    /// <summary>Orders due around Lunar New Year are placed 6–12 days before it, 1.6 times as large.</summary>
    LunarNewYearStocker,
    /// <summary>A budget-flush top-up between 20 November and 12 December in most years.</summary>
    YearEndBudget,
}

public sealed class WorldProduct
{
    public required int Index { get; init; }
    public required string Sku { get; init; }
    public required string Name { get; init; }
    public required string Family { get; init; }
    public required string Unit { get; init; }
    public required string Supplier { get; init; }
    public required int LeadTimeDays { get; init; }
    public required decimal Moq { get; init; }
    public required decimal PackSize { get; init; }
    public required decimal UnitCost { get; init; }
    public required decimal ListPrice { get; init; }
    /// <summary>Typical quantity of one order (before the customer's size).</summary>
    public required double TypicalQuantity { get; init; }
    public required double Popularity { get; init; }
    public DateOnly? LaunchedOn { get; init; }
    /// <summary>The day nobody can order it any more (supplier stopped making it); its pairs have churned then.</summary>
    public DateOnly? DiscontinuedOn { get; init; }
}

public sealed class WorldCustomer
{
    public required string Code { get; init; }
    internal Company Company { get; init; } = null!;
    public string RegisteredName => Company.RegisteredName;
    public string? EnglishName => Company.EnglishName;
    public string Country => Company.Country;
    /// <summary>First day in the ERP (customers older than the ERP's history have a day before it).</summary>
    public required DateOnly Since { get; init; }
    /// <summary>The customer stopped buying everything for good on this day.</summary>
    public DateOnly? ChurnedOn { get; init; }
    /// <summary>A spell with no orders at all, after which the customer comes back.</summary>
    public (DateOnly From, DateOnly To)? Dormant { get; init; }
    public required SeasonalHabit Habit { get; init; }
    public required double Size { get; init; }
    public required bool WorksSaturdays { get; init; }
    /// <summary>Orders of several products placed within this many days are merged into one sales order.</summary>
    public required int BatchDays { get; init; }
    public required string TermsCode { get; init; }
    public required int TermsDays { get; init; }
    public required bool MonthEndTerms { get; init; }
    public required bool SlowPayer { get; init; }
    public required string Currency { get; init; }
    public required double PriceFactor { get; init; }
    public required decimal CreditLimit { get; init; }
    public string? ErpEmail { get; init; }
    /// <summary>The CRM prospect this customer was won from, if any.</summary>
    public int? FromProspectAccount { get; init; }
}

public sealed class WorldPair
{
    public required WorldCustomer Customer { get; init; }
    public required WorldProduct Product { get; init; }
    public required OrderingLaw Law { get; init; }
    /// <summary>The regular cycle in days when the pair starts (for Calendar: 30.4 × months).</summary>
    public required double BaseCycleDays { get; init; }
    /// <summary>Drift of the cycle per year on the log scale (DriftingLogLogistic only).</summary>
    public double TrendPerYear { get; init; }
    /// <summary>Log-logistic or Weibull shape; Calendar: the day of the month.</summary>
    public double Shape { get; init; }
    public int CalendarMonths { get; init; }
    /// <summary>Probability that a regular gap holds an extra rush top-up order.</summary>
    public required double RushRate { get; init; }
    public required DateOnly StartsOn { get; init; }
    /// <summary>The pair itself stops (the customer keeps buying other products).</summary>
    public DateOnly? PairStopsOn { get; init; }
    public required double QuantityPerOrder { get; init; }
    public required double QuantityGrowthPerYear { get; init; }
    public bool FromWonDeal { get; init; }
    /// <summary>A one-off project buy from a won deal: a single order on <see cref="StartsOn"/>, then the pair is over.</summary>
    public bool OneOff { get; init; }

    /// <summary>The first day the pair cannot order any more: its own stop, its customer's churn or its product's end.</summary>
    public DateOnly? StopsOn => new[] { PairStopsOn, Customer.ChurnedOn, Product.DiscontinuedOn }.Where(d => d.HasValue).Min();

    /// <summary>The median regular gap on a day: what a planner would call the pair's cycle then.</summary>
    public double CycleOn(DateOnly day) => Law switch
    {
        OrderingLaw.Calendar => 30.44 * CalendarMonths,
        OrderingLaw.DriftingLogLogistic => Math.Clamp(BaseCycleDays * Math.Exp(TrendPerYear * (day.DayNumber - StartsOn.DayNumber) / 365.25), 3, 400),
        _ => BaseCycleDays,
    };
}

public enum WorldOrderStatus
{
    Open,
    Shipped,
    Invoiced,
    Cancelled,
}

public sealed class WorldOrder
{
    public string Number { get; set; } = "";
    public required WorldCustomer Customer { get; init; }
    public required DateOnly Date { get; init; }
    public DateOnly? RequestedDate { get; init; }
    public bool Cancelled { get; set; }
    public bool IsReturn { get; init; }
    /// <summary>Days from order to shipment and invoice.</summary>
    public required int ShipDays { get; init; }
    public List<WorldOrderLine> Lines { get; } = [];

    public DateOnly InvoiceDate => Date.AddDays(ShipDays);

    /// <summary>The status the ERP showed at the end of <paramref name="day"/>.</summary>
    public WorldOrderStatus StatusOn(DateOnly day) =>
        Cancelled ? WorldOrderStatus.Cancelled
        : IsReturn || InvoiceDate <= day ? WorldOrderStatus.Invoiced
        : Date >= day.AddDays(-1) ? WorldOrderStatus.Open
        : WorldOrderStatus.Shipped;
}

public sealed class WorldOrderLine
{
    public required WorldProduct Product { get; init; }
    public decimal Quantity { get; set; }
    public required decimal UnitPrice { get; init; }
    public bool IsReturn { get; init; }
    /// <summary>A top-up between regular orders (not part of the regular cycle).</summary>
    public bool Rush { get; init; }
}

public sealed class WorldInvoice
{
    public required string Number { get; init; }
    public required WorldOrder Order { get; init; }
    public required DateOnly InvoiceDate { get; init; }
    public required DateOnly DueDate { get; init; }
    public required decimal Amount { get; init; }
    /// <summary>When it is paid in full (null: never), and whether half is paid at the due date first.</summary>
    public DateOnly? PaidOn { get; init; }
    public bool PaysHalfAtDue { get; init; }

    public decimal PaidAmountOn(DateOnly day) =>
        PaidOn is { } paid && paid <= day ? Amount
        : PaysHalfAtDue && DueDate <= day ? Math.Round(Amount / 2, 0)
        : 0m;
}

public sealed record WorldStock(WorldProduct Product, string Warehouse, decimal Quantity, DateOnly CountedOn);

public sealed record WorldSupply(string PurchaseOrder, int Line, WorldProduct Product, decimal Quantity, DateOnly ExpectedOn, string Supplier);

public sealed class WorldRep
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required string Team { get; init; }
    public required DateOnly JoinedOn { get; init; }
    public DateOnly? LeftOn { get; init; }
    /// <summary>How much better (logit) this rep's deals do than the stage alone says.</summary>
    public required double Skill { get; init; }
}

public sealed class WorldAccount
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    internal Company Company { get; init; } = null!;
    public required string Name { get; init; }
    public string? Website { get; init; }
    public string? TaxId { get; init; }
    public string? CountryName { get; init; }
    public string? Phone { get; init; }
    public required DateOnly CreatedOn { get; init; }
    /// <summary>The ERP customer this account truly is (set for prospects once they are won and created in the ERP).</summary>
    public WorldCustomer? Customer { get; set; }
    /// <summary>Owner changes: from this day on, this rep owns the account.</summary>
    public List<(DateOnly From, WorldRep Rep)> Owners { get; } = [];
    public bool IsProspect { get; init; }
    /// <summary>How the account's name relates to its ERP customer's registered name (<see cref="AccountNameKinds"/>).</summary>
    public required string NameKind { get; init; }

    public WorldRep OwnerOn(DateOnly day) => Owners.Where(o => o.From <= day).OrderBy(o => o.From).Select(o => o.Rep).LastOrDefault() ?? Owners[0].Rep;
}

/// <summary>How a CRM account's name relates to the ERP customer's registered name.</summary>
public static class AccountNameKinds
{
    /// <summary>The registered name as it is (for Thai, Malaysian, US and German companies, also their English name).</summary>
    public const string Same = "same";
    /// <summary>The registered name with 臺 for 台.</summary>
    public const string VariantCharacter = "variant-character";
    /// <summary>Without the legal suffix (鑫豐精密), or 股份有限公司 written (股)公司.</summary>
    public const string ShortForm = "short-form";
    /// <summary>The English name of a company whose registered name is Chinese, Japanese or Vietnamese.</summary>
    public const string SecondName = "second-name";
    /// <summary>A Latin name retyped: case and legal-form punctuation changed (CO LTD, Co. Ltd).</summary>
    public const string Retyped = "retyped";
    /// <summary>A second account for a plant, branch or department of the same customer.</summary>
    public const string Plant = "plant";
    /// <summary>A company with no ERP customer when it entered the CRM.</summary>
    public const string Prospect = "prospect";
}

public sealed record WorldContact(string Id, WorldAccount Account, string Name, string? Email, string? Phone, string Language, bool OptedOut);

public sealed record WorldDealLine(string Id, WorldProduct Product, decimal Quantity, decimal UnitPrice);

public sealed class WorldDeal
{
    public string Id { get; set; } = "";
    public required WorldAccount Account { get; init; }
    public required WorldRep Owner { get; init; }
    public required string Name { get; init; }
    public required DateOnly CreatedOn { get; init; }
    public required decimal Amount { get; init; }
    public required string LeadSource { get; init; }
    /// <summary>The deal's quality on the logit scale: existing customer, source, size, rep, and an unobserved part.</summary>
    public required double Theta { get; init; }
    /// <summary>Stage changes: from this day on, the deal sits in this stage (index into <see cref="DealLaw.Stages"/>).</summary>
    public List<(DateOnly From, int Stage)> Stages { get; } = [];
    /// <summary>The expected close date as the CRM held it from each day on (reps push it out when it passes).</summary>
    public List<(DateOnly From, DateOnly ExpectedClose)> ExpectedCloses { get; } = [];
    public DateOnly? ClosedOn { get; set; }
    public bool Won { get; set; }
    public List<WorldDealLine> Lines { get; } = [];

    public bool IsOpenOn(DateOnly day) => CreatedOn <= day && (ClosedOn is null || ClosedOn > day);

    public int StageOn(DateOnly day) => Stages.Where(s => s.From <= day).Select(s => s.Stage).Last();

    public DateOnly ExpectedCloseOn(DateOnly day) => ExpectedCloses.Where(e => e.From <= day).Select(e => e.ExpectedClose).Last();

    /// <summary>The true P(won) of the deal on a day it is open: its stage and quality decide it exactly.</summary>
    public double TrueWinProbabilityOn(DateOnly day) => DealLaw.WinProbability(StageOn(day), Theta);
}

public sealed record WorldActivity(string Id, WorldAccount Account, WorldRep Rep, WorldContact? Contact, string Kind, DateTime At, string Subject);

/// <summary>
/// The second world's deal law: a deal moves through five stages; after a log-normal wait in each it advances with
/// probability σ(logit(b_s) + θ/2), else it is lost; advancing from the last stage is a win. So P(won | stage s, θ) =
/// Π_{j ≥ s} σ(logit(b_j) + θ/2), exact, and independent of how long the deal has waited.
/// </summary>
public static class DealLaw
{
    public static readonly string[] Stages = ["10 Inquiry", "20 Sampling", "30 Quoted", "40 Negotiating", "50 Verbal PO"];

    /// <summary>P(won) from each stage for θ = 0: 10 %, 24 %, 42 %, 66 %, 88 %.</summary>
    public static readonly double[] BaseWinProbability = [0.10, 0.24, 0.42, 0.66, 0.88];

    /// <summary>Median days a deal waits in each stage before it moves on or dies.</summary>
    public static readonly double[] MedianWaitDays = [21, 45, 30, 30, 21];

    public static double Advance(int stage, double theta)
    {
        var b = stage == Stages.Length - 1 ? BaseWinProbability[stage] : BaseWinProbability[stage] / BaseWinProbability[stage + 1];
        return Sigmoid(Math.Log(b / (1 - b)) + theta / 2);
    }

    public static double WinProbability(int stage, double theta)
    {
        var p = 1.0;
        for (var j = stage; j < Stages.Length; j++)
            p *= Advance(j, theta);
        return p;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}

/// <summary>Everything the second world holds, simulated from <see cref="SecondWorldOptions.Start"/> to <see cref="SecondWorldOptions.End"/>.</summary>
public sealed class SecondWorld
{
    public required SecondWorldOptions Options { get; init; }
    public List<WorldProduct> Products { get; } = [];
    public List<WorldCustomer> Customers { get; } = [];
    public List<WorldPair> Pairs { get; } = [];
    public List<WorldOrder> Orders { get; } = [];
    public List<WorldInvoice> Invoices { get; } = [];
    public List<WorldStock> Stock { get; } = [];
    public List<WorldSupply> Supply { get; } = [];
    public List<WorldRep> Reps { get; } = [];
    public List<WorldAccount> Accounts { get; } = [];
    public List<WorldContact> Contacts { get; } = [];
    public List<WorldDeal> Deals { get; } = [];
    public List<WorldActivity> Activities { get; } = [];

    public DateOnly AsOf => Options.AsOf;

    public SecondWorldTruth Truth() => SecondWorldTruth.Of(this);
}
