using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Core.Customers;

/// <summary>The customers feature's services: options from the <c>Customers</c> section and the unification job.</summary>
public static class CustomersRegistration
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddOptions<CustomerMatchingOptions>()
            .BindConfiguration(CustomerMatchingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<CustomerUnification>();
        services.AddScoped<MatchReview>();
        services.AddScoped<OwnerAssignment>();
        services.AddScoped<Jobs.IPipelineStage, CustomersStage>();
        return services;
    }
}
