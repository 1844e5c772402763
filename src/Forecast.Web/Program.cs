using Forecast.Core;

var builder = WebApplication.CreateBuilder(args);
builder.AddForecastCore();

var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.Run();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
