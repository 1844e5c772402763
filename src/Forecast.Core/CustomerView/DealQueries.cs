using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.Opportunities;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.CustomerView;

public enum DealSort
{
    /// <summary>Amount × P(win), largest first.</summary>
    ExpectedValue,
    /// <summary>Expected close, earliest first (no date last).</summary>
    CloseDate,
    Amount,
    WinProbability,
    Customer,
}

/// <summary>
/// An open deal of one of the caller's customers, with its current win probability and the top reasons for it. The CRM
/// keeps no currency on a deal, so <see cref="Currency"/> is <c>Money:HomeCurrency</c>, as on the customer 360 and in the
/// stalled-deal reminder's value (the customer's ERP currency would relabel a TWD amount as USD for an export customer).
/// </summary>
public sealed record OpenDealView(
    long Id,
    string Name,
    long CustomerId,
    string CustomerName,
    string Stage,
    decimal Amount,
    string? Currency,
    DateOnly? ExpectedClose,
    double? WinProbability,
    decimal? ExpectedValue,
    IReadOnlyList<WinFactorView> Factors,
    IReadOnlyList<string> Products);

public sealed record OpenDealList(int Total, IReadOnlyList<OpenDealView> Items);

/// <summary>
/// "My open deals": every open opportunity on the accounts of the customers the scope allows (a rep: the customers they
/// own, as everywhere else), scored by the latest succeeded win-probability run.
/// </summary>
public sealed class DealQueries(ForecastDbContext db, CustomerQueries customers, Microsoft.Extensions.Options.IOptions<Formatting.MoneyOptions> money)
{
    /// <summary>Top factors shown per deal.</summary>
    public const int FactorsShown = 3;

    public async Task<OpenDealList> ListAsync(CustomerScope scope, DealSort sort, int skip, int take, CancellationToken cancellationToken)
    {
        var all = await LoadAsync(scope, null, cancellationToken);
        IOrderedEnumerable<OpenDealView> sorted = sort switch
        {
            DealSort.CloseDate => all.OrderBy(d => d.ExpectedClose is null).ThenBy(d => d.ExpectedClose),
            DealSort.Amount => all.OrderByDescending(d => d.Amount),
            DealSort.WinProbability => all.OrderByDescending(d => d.WinProbability ?? -1),
            DealSort.Customer => all.OrderBy(d => d.CustomerName, StringComparer.CurrentCulture).ThenBy(d => d.Name, StringComparer.CurrentCulture),
            _ => all.OrderByDescending(d => d.ExpectedValue ?? -1),
        };
        var page = sorted.ThenBy(d => d.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToList();
        return new OpenDealList(all.Count, page);
    }

    /// <summary>One open deal, or null when it is not open or belongs to a customer outside the scope (the caller answers 404).</summary>
    public async Task<OpenDealView?> GetAsync(CustomerScope scope, long id, CancellationToken cancellationToken) =>
        (await LoadAsync(scope, id, cancellationToken)).SingleOrDefault();

    private async Task<List<OpenDealView>> LoadAsync(CustomerScope scope, long? id, CancellationToken cancellationToken)
    {
        var visible = customers.Visible(scope);
        var open = await (
                from link in db.CustomerAccountLinks.AsNoTracking()
                join customer in visible on link.UnifiedCustomerId equals customer.Id
                join o in db.Opportunities.AsNoTracking() on link.CrmAccountId equals o.AccountId
                where o.Outcome == OpportunityOutcome.Open && (id == null || o.Id == id)
                select new
                {
                    o.Id, o.Name, o.Stage, o.Amount, o.ExpectedClose, CustomerId = customer.Id, CustomerName = customer.DisplayName,
                    Products = o.Lines.OrderBy(l => l.Id).Select(l => l.Product!.Sku).ToList(),
                })
            .ToListAsync(cancellationToken);
        var ids = open.Select(o => o.Id).ToList();
        var winRun = await PredictionRuns.LatestSucceeded(db, WinProbabilityJob.Kind, null).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var scores = winRun is null ? [] : await db.OpportunityScores.AsNoTracking()
            .Where(s => s.RunId == winRun && ids.Contains(s.OpportunityId))
            .Select(s => new { s.OpportunityId, s.Probability, s.FactorsJson })
            .ToDictionaryAsync(s => s.OpportunityId, cancellationToken);
        return open.Select(o =>
        {
            var score = scores.GetValueOrDefault(o.Id);
            return new OpenDealView(o.Id, o.Name, o.CustomerId, o.CustomerName, o.Stage, o.Amount,
                money.Value.HomeCurrency, o.ExpectedClose,
                score?.Probability, score is null ? null : Math.Round(o.Amount * (decimal)score.Probability, 2),
                score is null ? [] : CustomerQueries.Factors(score.FactorsJson).Take(FactorsShown).ToList(), o.Products);
        }).ToList();
    }
}
