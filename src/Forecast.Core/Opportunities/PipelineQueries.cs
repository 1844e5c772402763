using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Opportunities;

/// <summary>
/// Expected units of a product from the open pipeline in one week: all of it, and the new-business part (prospects,
/// products the customer has not bought in 12 months) that a baseline learned from order history does not already hold.
/// </summary>
public sealed record PipelineDemandPoint(DateOnly PeriodStart, double ExpectedUnits, double NewBusinessUnits, double Variance);

/// <summary>An open deal that includes the product: its win probability and the units it would bring.</summary>
public sealed record PipelineDealView(long OpportunityId, string Name, string AccountName, string Stage, DateOnly? ExpectedClose, decimal Quantity, double? WinProbability);

/// <summary>The product's pipeline demand from the latest succeeded win-probability run, and the deals behind it.</summary>
public sealed record ProductPipelineView(long? RunId, DateOnly? AsOf, IReadOnlyList<PipelineDemandPoint> Weeks, IReadOnlyList<PipelineDealView> Deals)
{
    public double ExpectedUnits => Weeks.Sum(w => w.ExpectedUnits);
    public double NewBusinessUnits => Weeks.Sum(w => w.NewBusinessUnits);
}

/// <summary>Reads pipeline demand for the planners' product page and the API.</summary>
public sealed class PipelineQueries(ForecastDbContext db)
{
    public async Task<ProductPipelineView> ProductAsync(long productId, int maxDeals, CancellationToken cancellationToken)
    {
        var run = await PredictionRuns.LatestSucceeded(db, WinProbabilityJob.Kind, null).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
            return new ProductPipelineView(null, null, [], []);
        var weeks = await db.PipelineDemand.AsNoTracking()
            .Where(d => d.RunId == run.Id && d.ProductId == productId)
            .OrderBy(d => d.PeriodStart)
            .Select(d => new PipelineDemandPoint(d.PeriodStart, d.ExpectedUnits, d.NewBusinessUnits, d.Variance))
            .ToListAsync(cancellationToken);
        var deals = await (
                from line in db.OpportunityLines.AsNoTracking()
                where line.ProductId == productId && line.Opportunity!.Outcome == OpportunityOutcome.Open
                join score in db.OpportunityScores.AsNoTracking().Where(s => s.RunId == run.Id) on line.OpportunityId equals score.OpportunityId into scores
                from score in scores.DefaultIfEmpty()
                orderby (score == null ? 0 : score.Probability) * (double)line.Quantity descending, line.OpportunityId
                select new PipelineDealView(line.OpportunityId, line.Opportunity!.Name, line.Opportunity.Account!.Name, line.Opportunity.Stage,
                    line.Opportunity.ExpectedClose, line.Quantity, (double?)score.Probability))
            .Take(Math.Clamp(maxDeals, 0, 100))
            .ToListAsync(cancellationToken);
        return new ProductPipelineView(run.Id, run.AsOf, weeks, deals);
    }
}
