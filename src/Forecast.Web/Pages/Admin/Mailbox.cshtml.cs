using Forecast.Core.Data;
using Forecast.Core.Outreach;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Forecast.Web.DevMail;

namespace Forecast.Web.Pages.Admin;

/// <summary>What the development mail sink received (<c>Mail:DevSink:Enabled</c>): the demo's reps' mailboxes.</summary>
public sealed class MailboxModel(ForecastDbContext db, IOptions<DevSinkOptions> sink) : PageModel
{
    public bool SinkEnabled => sink.Value.Enabled;
    public List<DevMailboxMessage> Messages { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Total = await db.DevMailbox.CountAsync(cancellationToken);
        Messages = await db.DevMailbox.AsNoTracking().OrderByDescending(m => m.Id).Take(100).ToListAsync(cancellationToken);
    }
}
