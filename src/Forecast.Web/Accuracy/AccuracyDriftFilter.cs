using Forecast.Core.Accuracy;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Accuracy;

/// <summary>
/// Puts the drifts the latest accuracy run recorded into ViewData after the handler ran, for the layout's banner on
/// the planner pages: a planner reading a forecast should know its family has been forecast worse lately.
/// </summary>
public sealed class AccuracyDriftFilter : IAsyncPageFilter
{
    public const string ViewKey = "AccuracyDrift";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not null || executed.Result is not (null or PageResult) || context.HandlerInstance is not PageModel page)
            return;
        var queries = context.HttpContext.RequestServices.GetRequiredService<AccuracyQueries>();
        page.ViewData[ViewKey] = await queries.AlertsAsync(context.HttpContext.RequestAborted);
    }
}
