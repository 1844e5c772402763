using Forecast.Core.Data;

namespace Forecast.Core.Customers;

/// <summary>
/// One real company as seen across both islands: at most one ERP customer (where its orders live)
/// and any number of CRM accounts, with exactly one owning rep.
/// </summary>
public sealed class UnifiedCustomer
{
    public long Id { get; set; }
    public string DisplayName { get; set; } = "";
    public long? ErpCustomerId { get; set; }
    public ErpCustomer? ErpCustomer { get; set; }
    public long? OwnerRepId { get; set; }
    public Rep? OwnerRep { get; set; }
    /// <summary>Why this rep owns the customer, in words (the rule and the account and activity it chose by).</summary>
    public string? OwnerReason { get; set; }
    /// <summary>
    /// A rep an administrator made the owner in the app (a house account: e.g. a customer whose CRM accounts have no
    /// active owner). The CRM's own owner still wins; this one is used before any guess from activity.
    /// </summary>
    public long? AssignedOwnerRepId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CustomerAccountLink> Accounts { get; set; } = [];
}

/// <summary>A CRM account that belongs to a unified customer (each account to at most one).</summary>
public sealed class CustomerAccountLink
{
    public long CrmAccountId { get; set; }
    public CrmAccount? CrmAccount { get; set; }
    public long UnifiedCustomerId { get; set; }
    public UnifiedCustomer? UnifiedCustomer { get; set; }
    public double Score { get; set; }
    /// <summary>
    /// How the link was made: <c>tax-id</c>, <c>name</c>, <c>domain</c> (auto-linked by that strongest evidence), <c>manual</c>
    /// (a person confirmed it), <c>prospect</c> (no ERP side) or <c>review</c> (no ERP side until a person decides a candidate).
    /// </summary>
    public string Method { get; set; } = "";
}

public enum MatchDecision
{
    /// <summary>Confident: linked automatically.</summary>
    AutoLinked,
    /// <summary>Ambiguous: waits in the review queue; nothing is merged until a person decides.</summary>
    NeedsReview,
    Confirmed,
    Rejected,
}

/// <summary>A scored candidate pair (CRM account, ERP customer) with the evidence behind its score.</summary>
public sealed class CustomerMatchCandidate
{
    public long Id { get; set; }
    public long CrmAccountId { get; set; }
    public CrmAccount? CrmAccount { get; set; }
    public long ErpCustomerId { get; set; }
    public ErpCustomer? ErpCustomer { get; set; }
    public double Score { get; set; }
    public string Evidence { get; set; } = "";
    public MatchDecision Decision { get; set; }
    public DateTimeOffset ScoredAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}

/// <summary>CRM activity shows more than one rep working one unified customer: two reps phoning the same buyer.</summary>
public sealed class OwnerConflict
{
    public long Id { get; set; }
    public long UnifiedCustomerId { get; set; }
    public UnifiedCustomer? UnifiedCustomer { get; set; }
    public long[] RepIds { get; set; } = [];
    public string Detail { get; set; } = "";
    public DateTimeOffset DetectedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
