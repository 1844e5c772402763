using Forecast.Core.Outbound;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>
/// The CRM activity webhook. Section <c>Crm:ActivityWebhook</c>; off while the URL is empty. The secret comes from the
/// environment (<c>Crm__ActivityWebhook__Secret</c>) or user secrets, never appsettings.json.
/// </summary>
public sealed class CrmWebhookOptions : WebhookOptions
{
    public const string Section = "Crm:ActivityWebhook";

    protected override string SectionName => Section;
}
