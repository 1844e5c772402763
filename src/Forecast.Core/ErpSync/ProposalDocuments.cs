using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.ErpSync;

/// <summary>
/// Approved purchase proposals become <c>purchase-proposal</c> documents keyed by the proposal key: at approval, and by
/// a sweep before each delivery for a proposal whose approval was not passed on (a crash in between).
/// </summary>
public sealed class ProposalDocuments(ForecastDbContext db, ErpDocuments documents) : IPurchaseProposalObserver
{
    public Task ApprovedAsync(PurchaseProposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return documents.WriteAsync(ErpDocumentKinds.PurchaseProposal, proposal.Key, DocumentOf(proposal), cancellationToken);
    }

    /// <summary>Writes the documents of proposals that have none; returns how many.</summary>
    public async Task<int> WriteMissingAsync(CancellationToken cancellationToken)
    {
        var written = db.Set<ErpDocument>().Where(d => d.Kind == ErpDocumentKinds.PurchaseProposal).Select(d => d.Key);
        var missing = await db.Set<PurchaseProposal>().AsNoTracking().Where(p => !written.Contains(p.Key)).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        foreach (var proposal in missing)
            await ApprovedAsync(proposal, cancellationToken);
        return missing.Count;
    }

    private static PurchaseProposalDocument DocumentOf(PurchaseProposal p) =>
        new(p.Key, p.Supplier, p.Sku, p.Quantity, p.Unit, p.OrderBy, p.SuggestedQuantity, p.PlanAsOf, p.ApprovedBy, p.ApprovedAt.ToUniversalTime());
}
