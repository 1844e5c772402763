using System.Text.Json;
using Forecast.Core.Ingest;

namespace Forecast.Web.Ingest;

/// <summary>
/// The push path: <c>POST /api/ingest/{system}/{entity}</c> with a JSON array of records in our field names, e.g.
/// <c>[{"key": "SO1001", "customer": "C0001", "orderDate": "2024-05-02", "status": "Open"}]</c>. The batch goes through
/// the same checks as a CSV import: 200 with counts, or 400 ProblemDetails listing each bad record and nothing changed.
/// </summary>
public static class IngestEndpoints
{
    /// <summary>Batches larger than this are refused: a system that has more splits them (each batch is one transaction).</summary>
    public const int MaxRecords = 50_000;

    /// <summary>
    /// Maps the endpoints and returns their group: authentication is the caller's seam, e.g.
    /// <c>app.MapIngestEndpoints().RequireAuthorization("api-token")</c> once the web app has API tokens.
    /// </summary>
    public static RouteGroupBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ingest").WithTags("Ingest");
        group.MapPost("/{system}/{entity}", PushAsync)
            .WithSummary("Import a batch of records of one entity (our field names); all or nothing.");
        return group;
    }

    private static async Task<IResult> PushAsync(string system, string entity, string? sourceSystem, HttpRequest request,
        ImportService importer, CancellationToken cancellationToken)
    {
        var target = IngestCatalog.Find(entity);
        if (target is null || !string.Equals(target.System, system, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown entity",
                detail: $"No {system}/{entity}. Entities: {string.Join(", ", IngestCatalog.Entities.Select(e => $"{e.System}/{e.Name}"))}.");
        }

        if (!string.IsNullOrEmpty(sourceSystem) && TextChecks.Problem(sourceSystem, ImportLimits.MaxSourceSystemLength) is { } systemProblem)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid sourceSystem",
                detail: $"The query parameter sourceSystem has {systemProblem}.");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not JSON", detail: ex.Message);
        }
        using (document)
        {
            var records = document.RootElement;
            if (records.ValueKind != JsonValueKind.Array)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Expected a JSON array of records",
                    detail: "Send [ {\"key\": \"...\", ...}, ... ] with one object per record, in our field names.");
            }
            if (records.GetArrayLength() > MaxRecords)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large",
                    detail: $"At most {MaxRecords:N0} records per request; split the batch.");
            }

            var result = await importer.ImportRecordsAsync(target, string.IsNullOrWhiteSpace(sourceSystem) ? target.System : sourceSystem, records, cancellationToken);
            var report = result.Report;
            if (result.Status == ImportStatus.Succeeded)
            {
                return Results.Ok(new PushResult(result.RunId, report.RowsRead, report.Inserted, report.Updated, report.Unchanged, report.Warnings));
            }
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: "The batch was rejected; nothing was changed",
                detail: $"{report.ErrorCount} problem(s) in {report.RowsRead} record(s); the first {report.Errors.Count} are listed.",
                extensions: new Dictionary<string, object?>
                {
                    ["runId"] = result.RunId,
                    ["errorCount"] = report.ErrorCount,
                    ["errors"] = report.Errors.Select(e => new PushError(e.Line, e.Column, e.Value, e.Reason)).ToList(),
                });
        }
    }
}

/// <summary>What a successful push did, and what to look at (e.g. a deal stage the win rates do not know).</summary>
public sealed record PushResult(long RunId, long Read, long Inserted, long Updated, long Unchanged, IReadOnlyList<string> Warnings);

/// <summary>One bad record: its position in the batch (1 = first), the field, the value and why.</summary>
public sealed record PushError(long Record, string Field, string Value, string Reason);
