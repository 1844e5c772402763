using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Forecast.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting a host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ForecastDbContext>
{
    public ForecastDbContext CreateDbContext(string[] args)
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Forecast")
            ?? "Host=127.0.0.1;Database=forecast_design;Username=forecast";
        var options = new DbContextOptionsBuilder<ForecastDbContext>();
        ForecastCoreRegistration.ConfigureDbContext(options, connection, 600);
        return new ForecastDbContext(options.Options);
    }
}
