using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Outreach;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Admin;

public sealed class IndexModel(ForecastDbContext db, RunHistory catalog, IEnumerable<IPipelineStage> stages, IBackgroundJobClient jobs, IStringLocalizer<SharedResource> text) : PageModel
{
    public IReadOnlyList<string> Stages { get; } = stages.Select(s => s.Name).ToList();
    public List<PipelineRun> Runs { get; private set; } = [];
    public List<ImportRun> Imports { get; private set; } = [];
    public IReadOnlyList<ModelVersionView> Models { get; private set; } = [];
    public IReadOnlyList<PredictionRunView> LatestRuns { get; private set; } = [];
    public int MatchesWaiting { get; private set; }
    public int OpenConflicts { get; private set; }
    public Dictionary<OutboxStatus, int> Outbox { get; private set; } = [];
    public List<OutboxMessage> RecentMail { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Runs = await db.PipelineRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(10).ToListAsync(cancellationToken);
        Imports = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(15).ToListAsync(cancellationToken);
        Models = await catalog.VersionsAsync(3, cancellationToken);
        LatestRuns = await catalog.LatestRunsAsync(cancellationToken);
        MatchesWaiting = await db.CustomerMatchCandidates.CountAsync(c => c.Decision == Core.Customers.MatchDecision.NeedsReview, cancellationToken);
        OpenConflicts = await db.OwnerConflicts.CountAsync(c => c.ResolvedAt == null, cancellationToken);
        Outbox = await db.OutboxMessages.GroupBy(m => m.Status).ToDictionaryAsync(g => g.Key, g => g.Count(), cancellationToken);
        RecentMail = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(15).ToListAsync(cancellationToken);
    }

    public IActionResult OnPost(string stage)
    {
        if (stage == "nightly")
            jobs.Enqueue<PipelineJobs>(j => j.StartNightlyAsync(CancellationToken.None));
        else if (Stages.Contains(stage))
            jobs.Enqueue<PipelineJobs>(j => j.StartStageAsync(stage, CancellationToken.None));
        else
            return BadRequest();
        Message = text["Started: follow it below or on the job dashboard."];
        return RedirectToPage();
    }
}
