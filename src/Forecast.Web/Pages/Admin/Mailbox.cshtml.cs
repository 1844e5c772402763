using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Forecast.Web.DevMail;

namespace Forecast.Web.Pages.Admin;

/// <summary>What the development mail sink received (<c>Mail:DevSink:Enabled</c>): the demo's reps' mailboxes.</summary>
public sealed class MailboxModel(DevMailbox mailbox, IOptions<DevSinkOptions> sink) : PageModel
{
    public bool SinkEnabled => sink.Value.Enabled;
    public List<DevMailboxMessage> Messages { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // With the sink off its table need not exist: the sink creates it only when it runs.
        if (!SinkEnabled)
            return;
        Total = await mailbox.CountAsync(cancellationToken);
        Messages = await mailbox.LatestAsync(100, cancellationToken);
    }
}
