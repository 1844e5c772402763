using Forecast.Core.Data;

namespace Forecast.DemoWorld;

/// <summary>What kind of goods a product family is; it sets how customers buy it.</summary>
public enum DemandPattern
{
    /// <summary>Bought again and again on a cycle of weeks to months (inserts, coolant, filters).</summary>
    Consumable,
    /// <summary>Bought on longer, less regular cycles in larger lots (bearings, ball screws).</summary>
    Component,
    /// <summary>Intermittent: rare orders of one or two units (spindle and hydraulic spares).</summary>
    SparePart,
    /// <summary>Demand that peaks in one season (anti-rust oil in the humid summer, cooling fans).</summary>
    Seasonal,
}

public sealed record DemoRep(int Index, string Id, string Name, string Email, string Team, bool Active, DateOnly? LeftOn, double Skill);

public sealed record DemoProduct(
    int Index, string Sku, string Name, string Family, DemandPattern Pattern, string Unit, string Supplier,
    int LeadTimeDays, decimal Moq, decimal PackSize, decimal StandardCost, decimal ListPrice,
    double SeasonalAmplitude, int SeasonPeakMonth);

/// <summary>One customer buying one product on its own cycle: the truth a reorder model should recover.</summary>
public sealed record DemoPair(
    DemoProduct Product, double MeanCycleDays, double CycleCv, double MeanQuantity, DateOnly Start, DateOnly? ChurnOn);

/// <summary>A real company. It may be an ERP customer, have CRM accounts, or both (or be a prospect: CRM only).</summary>
public sealed class DemoCompany
{
    public int Index { get; init; }
    public string ChineseName { get; init; } = "";
    public string EnglishName { get; init; } = "";
    public bool Domestic { get; init; }
    public string Country { get; init; } = "TW";
    /// <summary>The sales territory: North, Central, South or Export.</summary>
    public string Territory { get; init; } = "";
    public string? TaxId { get; init; }
    public string Domain { get; init; } = "";
    /// <summary>Relative size (1 = a typical customer); scales products bought, quantities and deals.</summary>
    public double Size { get; init; }
    /// <summary>Another company this one is easily mistaken for (a sister company, a near-namesake).</summary>
    public DemoCompany? Twin { get; set; }
    /// <summary>The day it became a customer (start of history for customers from before the window; null: a prospect).</summary>
    public DateOnly? CustomerSince { get; set; }
    public DemoCustomer? Customer { get; set; }
    public List<DemoAccount> Accounts { get; } = [];
    public List<DemoOpportunity> Opportunities { get; } = [];
}

/// <summary>The ERP side of a company.</summary>
public sealed class DemoCustomer
{
    public DemoCompany Company { get; init; } = null!;
    public int Index { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string? TaxId { get; init; }
    public string Country { get; init; } = "";
    public string Language { get; init; } = "";
    public string PaymentTerm { get; init; } = "N30";
    public int PaymentDays { get; init; }
    public decimal CreditLimit { get; init; }
    public string? Email { get; init; }
    public string Currency { get; init; } = "TWD";
    public DateOnly Since { get; init; }
    /// <summary>The customer quietly stops ordering from this day (null: still active).</summary>
    public DateOnly? ChurnOn { get; init; }
    /// <summary>Yearly growth of quantities (0.1 = +10% a year).</summary>
    public double Growth { get; init; }
    /// <summary>Pays late: some invoices stay open past their due date.</summary>
    public bool LatePayer { get; init; }
    public double Discount { get; init; }
    public List<DemoPair> Pairs { get; } = [];
}

public sealed class DemoAccount
{
    public DemoCompany Company { get; init; } = null!;
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? EmailDomain { get; init; }
    public string? TaxNumber { get; init; }
    public string? Country { get; init; }
    public string Phone { get; init; } = "";
    public string? City { get; init; }
    public string? Address { get; init; }
    public DemoRep Owner { get; init; } = null!;
    /// <summary>The owner before a reassignment (a rep who left), who logged the activities until then.</summary>
    public DemoRep? PreviousOwner { get; init; }
    public DateOnly CreatedOn { get; init; }
    /// <summary>A second rep who also works this account from <see cref="SecondRepFrom"/> (the owner-conflict case).</summary>
    public DemoRep? SecondRep { get; set; }
    public DateOnly? SecondRepFrom { get; set; }
    /// <summary>A second CRM account for a company that already has one (entered again by another rep).</summary>
    public bool IsDuplicate { get; init; }
    public List<DemoContact> Contacts { get; } = [];

    public DemoRep OwnerOn(DateOnly day) =>
        PreviousOwner is not null && PreviousOwner.LeftOn is { } left && day < left ? PreviousOwner : Owner;
}

public sealed record DemoContact(string Id, DemoAccount Account, string Name, string? Email, string Phone, string Language, bool OptedOut, string? Nickname = null);

public sealed class DemoOpportunity
{
    public string Id { get; init; } = "";
    public DemoAccount Account { get; init; } = null!;
    public DemoRep Owner { get; init; } = null!;
    public string Name { get; init; } = "";
    public string Stage { get; init; } = "";
    public decimal Amount { get; init; }
    public DateOnly CreatedOn { get; init; }
    public DateOnly ExpectedClose { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public OpportunityOutcome Outcome { get; init; }
    public string LeadSource { get; init; } = "";
    /// <summary>The probability the outcome was drawn with (for open deals: the probability they will be won).</summary>
    public double TrueWinProbability { get; init; }
    /// <summary>For a won deal: the day its lines are ordered in the ERP.</summary>
    public DateOnly? OrderedOn { get; init; }
    /// <summary>The price ratio (price / list price) every line of the deal was quoted at.</summary>
    public double PriceRatio { get; init; }
    /// <summary>How the deal's chance of winning depends on its price ratio: the truth a price-response model should recover.</summary>
    public DemoPriceResponse PriceResponse { get; init; } = new(0, 0);
    public List<DemoOpportunityLine> Lines { get; } = [];
}

/// <summary>
/// P(win | price ratio r) of one deal, all else about it fixed: σ(<see cref="Intercept"/> + <see cref="Slope"/> · r).
/// The intercept is −∞ for a deal that could not be won at any price (its customer stopped buying).
/// </summary>
public sealed record DemoPriceResponse(double Intercept, double Slope)
{
    public double WinProbability(double ratio) => double.IsNegativeInfinity(Intercept) ? 0 : DemoRandom.Logistic(Intercept + (Slope * ratio));
}

/// <summary>Why a product's cost changed: a raw-material step-up across its family, or the supplier's yearly revision.</summary>
public enum DemoCostReason
{
    RawMaterial,
    Revision,
}

/// <summary>A product's unit cost from <see cref="EffectiveOn"/> on (until its next change).</summary>
public sealed record DemoCostChange(DemoProduct Product, DateOnly EffectiveOn, decimal UnitCost, DemoCostReason Reason);

public sealed record DemoOpportunityLine(string Id, DemoProduct Product, decimal Quantity, decimal UnitPrice);

public sealed record DemoOrderLine(int LineNumber, DemoProduct Product, decimal Quantity, decimal UnitPrice, bool IsReturn);

public sealed record DemoOrder(
    string Number, DemoCustomer Customer, DateOnly OrderDate, DateOnly RequestedDate, SalesOrderStatus Status,
    string Currency, IReadOnlyList<DemoOrderLine> Lines, string? OpportunityId);

public sealed record DemoInvoice(
    string Number, DemoCustomer Customer, string OrderNumber, DateOnly InvoiceDate, DateOnly DueDate,
    decimal Amount, decimal PaidAmount, string Currency);

public sealed record DemoActivity(string Id, DemoAccount Account, DemoRep Rep, DemoContact? Contact, ActivityKind Kind, DateOnly Date, string Subject);

/// <summary>Everything that happened with one company, generated on demand (the big tables are never all in memory).</summary>
public sealed record DemoCompanyHistory(
    DemoCompany Company, IReadOnlyList<DemoOrder> Orders, IReadOnlyList<DemoInvoice> Invoices, IReadOnlyList<DemoActivity> Activities);

public sealed record DemoStock(DemoProduct Product, string Warehouse, decimal Quantity, DateOnly AsOf);

public sealed record DemoPurchaseOrderLine(string Number, int LineNumber, DemoProduct Product, decimal Quantity, DateOnly ExpectedDate, string Supplier);

/// <summary>A company the generator made two reps work: the owner-conflict ground truth.</summary>
public sealed record DemoOwnerConflict(DemoCompany Company, IReadOnlyList<DemoAccount> Accounts, IReadOnlyList<DemoRep> Reps, string Reason);
