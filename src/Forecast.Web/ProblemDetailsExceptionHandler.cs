using Microsoft.AspNetCore.Diagnostics;

namespace Forecast.Web;

/// <summary>Errors at the web edge become RFC 9457 problem details; the exception itself only goes to the log.</summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid."),
            ArgumentException => (StatusCodes.Status400BadRequest, "The request is not valid."),
            KeyNotFoundException => (StatusCodes.Status404NotFound, "Not found."),
            OperationCanceledException => (StatusCodes.Status499ClientClosedRequest, "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side."),
        };
        if (status >= 500)
            LogUnhandled(exception, httpContext.Request.Path);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = status < 500 ? exception.Message : "The error was logged; try again, or tell the administrator the time it happened." },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private partial void LogUnhandled(Exception exception, string path);
}
