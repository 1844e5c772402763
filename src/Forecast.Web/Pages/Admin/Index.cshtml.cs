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

public sealed class IndexModel(ForecastDbContext db, IEnumerable<IPipelineStage> stages, IBackgroundJobClient jobs, IStringLocalizer<SharedResource> text) : PageModel
{
    public IReadOnlyList<string> Stages { get; } = stages.Select(s => s.Name).ToList();
    public List<PipelineRun> Runs { get; private set; } = [];
    public List<ImportRun> Imports { get; private set; } = [];
    public List<ModelVersion> Models { get; private set; } = [];
    public Dictionary<OutboxStatus, int> Outbox { get; private set; } = [];
    public List<OutboxMessage> RecentMail { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Runs = await db.PipelineRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(10).ToListAsync(cancellationToken);
        Imports = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(15).ToListAsync(cancellationToken);
        Models = await db.ModelVersions.AsNoTracking().OrderBy(m => m.Kind).ThenByDescending(m => m.Version).Take(30)
            .Select(m => new ModelVersion
            {
                Id = m.Id, Kind = m.Kind, Version = m.Version, CreatedAt = m.CreatedAt, TrainedFrom = m.TrainedFrom, TrainedTo = m.TrainedTo,
                TrainingRows = m.TrainingRows, MetricsJson = m.MetricsJson, IsCurrent = m.IsCurrent,
            }).ToListAsync(cancellationToken);
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
