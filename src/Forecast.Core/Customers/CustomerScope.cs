namespace Forecast.Core.Customers;

/// <summary>
/// Who may see which customers: everyone (<see cref="All"/>) or the customers one CRM rep owns. A rep's scope never
/// widens on bad input: a rep login without a CRM rep row is scoped to an id no customer has.
/// </summary>
public readonly record struct CustomerScope(long? OwnerRepId)
{
    public static CustomerScope All => new(null);

    public static CustomerScope OwnedBy(long repId) => new(repId);

    public bool IsAll => OwnerRepId is null;
}
