using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Profitability;

/// <summary>Services of the customer profitability view.</summary>
public static class ProfitabilityRegistration
{
    public static IServiceCollection AddProfitability(this IServiceCollection services)
    {
        services.AddOptions<ProfitabilityOptions>().BindConfiguration(ProfitabilityOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ActivityCost.Values.All(v => v >= 0), "Profitability:ActivityCost values must be 0 or more (the cost of one activity of that kind).")
            .Validate(o => o.ActivityCost.Keys.All(k => Enum.TryParse<Data.ActivityKind>(k, ignoreCase: true, out _)),
                "Profitability:ActivityCost keys must be activity kinds: " + string.Join(", ", Enum.GetNames<Data.ActivityKind>()) + ".")
            .Validate(o => o.ExchangeRates.Values.All(v => v > 0), "Profitability:ExchangeRates values must be positive (home-currency units per unit of that currency).")
            .ValidateOnStart();
        services.AddScoped<ProfitabilityQueries>();
        return services;
    }
}
