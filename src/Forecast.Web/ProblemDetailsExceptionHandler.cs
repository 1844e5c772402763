using Forecast.Core;
using Forecast.Core.Customers;
using Forecast.Core.Ingest;
using Forecast.Core.Jobs;
using Microsoft.AspNetCore.Diagnostics;

namespace Forecast.Web;

/// <summary>
/// Errors at the web edge: the API answers RFC 9457 problem details; a page request gets only the status, so the
/// status-code pages show the localized error page (<c>/status/{code}</c>) instead of JSON. Only the app's own exception
/// types, whose messages are written for the caller, become 4xx with their message; anything else (a BCL
/// <see cref="ArgumentException"/> included) is a bug: 500, logged, and no message leaves the server.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Classify(exception);
        if (status >= 500)
            LogUnhandled(exception, httpContext.Request.Path);
        httpContext.Response.StatusCode = status;
        if (!WebRegistration.IsApi(httpContext.Request.Path) && httpContext.Features.Get<IStatusCodePagesFeature>() is { Enabled: true })
            return true;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>The status, title and caller-facing detail of an exception (internal for the unit tests).</summary>
    internal static (int Status, string Title, string Detail) Classify(Exception exception) => exception switch
    {
        // The framework's own words about the request (a missing or malformed parameter), not about our internals.
        BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", bad.Message),
        UserInputException or AsOfDateException or MappingException => (StatusCodes.Status400BadRequest, "The request is not valid.", exception.Message),
        PipelineBusyException or MatchDecisionException => (StatusCodes.Status409Conflict, "The request conflicts with the current state.", exception.Message),
        OperationCanceledException => (StatusCodes.Status499ClientClosedRequest, "The request was cancelled.", "The client closed the request."),
        _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side.", "The error was logged; try again, or tell the administrator the time it happened."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private partial void LogUnhandled(Exception exception, string path);
}
