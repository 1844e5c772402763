using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Pricing;

/// <summary>Services of the price suggestions on a deal's quote lines.</summary>
public static class PricingRegistration
{
    public static IServiceCollection AddPricing(this IServiceCollection services)
    {
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PriceSuggestionQueries>();
        return services;
    }
}
