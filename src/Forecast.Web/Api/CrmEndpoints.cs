using System.Globalization;
using Forecast.Core.Outreach.CrmSync;

namespace Forecast.Web.Api;

/// <summary>The CRM activity file for an administrator to download and import into the CRM.</summary>
public static class CrmEndpoints
{
    public static IEndpointRouteBuilder MapCrmActivities(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/crm-activities.csv", DownloadAsync).RequireAuthorization(WebRegistration.AdminPolicy)
            .WithTags("Admin")
            .WithSummary("Rep actions not exported before (sent emails, dismissals, snoozes) as CRM activities in CSV; they are marked exported once the file has been sent whole. Filter: since (yyyy-MM-dd).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return endpoints;
    }

    private static async Task<IResult> DownloadAsync(string? since, HttpContext context, CrmActivities activities, TimeProvider time, CancellationToken ct)
    {
        DateOnly? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateOnly.TryParseExact(since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = [$"'{since}' is not a date like 2026-11-27 (yyyy-MM-dd)."] });
            from = date;
        }
        var pending = await activities.NotExportedAsync(from, ct);
        var body = CrmActivities.ToCsv(pending);
        var name = $"crm-activities-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.csv";
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        context.Response.ContentLength = body.Length;
        // Marked only after the whole body went out: a download cut off half-way throws here and the next one holds the rows again.
        await context.Response.Body.WriteAsync(body, ct);
        await context.Response.CompleteAsync();
        await activities.MarkExportedAsync(pending.Select(a => a.ActionId).ToList(), CancellationToken.None);
        return TypedResults.Empty;
    }
}
