namespace Forecast.Core.Data;

public sealed class Rep : SourcedRow
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Team { get; set; }
    public bool Active { get; set; } = true;
}

public sealed class CrmAccount : SourcedRow
{
    public string Name { get; set; } = "";
    public string? EmailDomain { get; set; }
    public string? TaxId { get; set; }
    public string? Country { get; set; }
    public string? Phone { get; set; }
    public long? OwnerRepId { get; set; }
    public Rep? OwnerRep { get; set; }
    /// <summary>The company's website as the CRM has it (a URL or a host name); customer matching uses its domain.</summary>
    public string? Website { get; set; }
    /// <summary>The street address as the CRM has it (any language); the assistant reads its city from <see cref="City"/>.</summary>
    public string? Address { get; set; }
    /// <summary>The city the company is in, as typed in the CRM (<c>台南市</c>, <c>Tainan</c>): reps tell namesakes apart by it.</summary>
    public string? City { get; set; }
}

public sealed class Contact : SourcedRow
{
    public long AccountId { get; set; }
    public CrmAccount? Account { get; set; }
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>BCP 47 tag such as <c>zh-TW</c> or <c>en</c>.</summary>
    public string? PreferredLanguage { get; set; }
    public bool OptedOut { get; set; }
    /// <summary>What the rep calls the person (<c>張老闆</c>, <c>阿明</c>): the order-status assistant finds customers by it.</summary>
    public string? Nickname { get; set; }
}

public enum OpportunityOutcome
{
    Open,
    Won,
    Lost,
}

public sealed class Opportunity : SourcedRow
{
    public long AccountId { get; set; }
    public CrmAccount? Account { get; set; }
    public long? OwnerRepId { get; set; }
    public Rep? OwnerRep { get; set; }
    public string Name { get; set; } = "";
    public string Stage { get; set; } = "";
    public decimal Amount { get; set; }
    public DateOnly CreatedOn { get; set; }
    public DateOnly? ExpectedClose { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public OpportunityOutcome Outcome { get; set; }
    /// <summary>Where the lead came from (referral, trade show, web...).</summary>
    public string? LeadSource { get; set; }
    public List<OpportunityLine> Lines { get; set; } = [];
}

public sealed class OpportunityLine : SourcedRow
{
    public long OpportunityId { get; set; }
    public Opportunity? Opportunity { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    public decimal Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
}

public enum ActivityKind
{
    Call,
    Email,
    Meeting,
    Visit,
}

public sealed class Activity : SourcedRow
{
    public long AccountId { get; set; }
    public CrmAccount? Account { get; set; }
    public long? RepId { get; set; }
    public Rep? Rep { get; set; }
    public long? ContactId { get; set; }
    public ActivityKind Kind { get; set; }
    public DateOnly OccurredOn { get; set; }
    public string? Subject { get; set; }
}
