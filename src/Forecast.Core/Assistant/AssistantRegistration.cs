using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forecast.Core.Assistant;

/// <summary>The order-status assistant's services.</summary>
internal static class AssistantRegistration
{
    public static void AddAssistant(IServiceCollection services)
    {
        // A host that registers its own rewriter wins; by default the composed answer is shown as composed.
        services.TryAddSingleton<IAnswerRewriter, ComposedAnswerRewriter>();
        services.AddScoped<OrderStatusAssistant>();
    }
}
