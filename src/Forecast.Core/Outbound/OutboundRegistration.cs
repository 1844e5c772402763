using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Outbound;

/// <summary>What every export to another system shares: the signed webhook sender and its HTTP client.</summary>
internal static class OutboundRegistration
{
    public static void AddOutbound(IServiceCollection services)
    {
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.AddScoped<WebhookSender>();
    }
}
