using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Accuracy;

/// <summary>Services of forecast scoring, the accuracy queries and the drift alert.</summary>
public static class AccuracyRegistration
{
    public static IServiceCollection AddAccuracy(this IServiceCollection services)
    {
        services.AddOptions<AccuracyOptions>().BindConfiguration(AccuracyOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MinTrailingWeeks <= o.TrailingWeeks, "Accuracy:MinTrailingWeeks must not exceed Accuracy:TrailingWeeks.")
            .ValidateOnStart();
        services.AddScoped<ForecastScoringJob>();
        services.AddScoped<AccuracyQueries>();
        services.AddScoped<Jobs.IPipelineStage, AccuracyStage>();
        return services;
    }
}
