namespace Forecast.Core.Reorder;

/// <summary>A rep's word that an ERP customer will not order a product now, known on the as-of date.</summary>
/// <param name="Date">The business date of the latest such dismissal on or before the as-of date.</param>
/// <param name="Reason">Its coded reason (<c>NotBuying</c>, <c>AlreadyOrdered</c>).</param>
public sealed record PairDismissal(DateOnly Date, string Reason);

/// <summary>
/// What people said about customer x product pairs, read by the reorder stage as a feature. Declared here and
/// implemented above (Outreach, where reminders are dismissed), so Reorder does not know reminders.
/// </summary>
public interface IReorderFeedback
{
    /// <summary>
    /// Per (ERP customer, product) of the partition (customer id mod <paramref name="partitionCount"/> =
    /// <paramref name="partition"/>), the latest dismissal recorded on or before <paramref name="asOf"/> that says the
    /// customer will not buy it now: a later one is not known on that day, so a replay gives what live gave.
    /// </summary>
    Task<IReadOnlyDictionary<(long Customer, long Product), PairDismissal>> DismissalsAsync(
        DateOnly asOf, int partition, int partitionCount, CancellationToken cancellationToken);
}
