using Forecast.Core;
using Forecast.Web.Ingest;

var builder = WebApplication.CreateBuilder(args);
builder.AddForecastCore();

var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.MapIngestEndpoints();
app.Run();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
