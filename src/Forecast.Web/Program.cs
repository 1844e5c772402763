using Forecast.Core;
using Forecast.Core.Jobs;
using Forecast.Web;
using Forecast.Web.Api;
using Forecast.Web.DevMail;
using Forecast.Web.Ingest;

var builder = WebApplication.CreateBuilder(args);
builder.AddForecastCore();
if (builder.Configuration.GetSection("Schedule").Get<ScheduleOptions>() is not { RunWorkerInWeb: false })
    builder.AddForecastWorker();
builder.AddForecastWeb();
builder.AddDevMailSink();

var app = builder.Build();
app.UseForecastWeb();
app.MapIngestEndpoints().RequireAuthorization(WebRegistration.AdminPolicy).AddEndpointFilter<CookieCallersNeedAntiforgery>();
app.Run();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
