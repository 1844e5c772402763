using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Freshness;

/// <summary>
/// Puts the <see cref="DataAgeView"/> of the page's data into ViewData after the handler ran, for the layout's
/// banner. Added to the planner, rep and admin folders, so a page needs only to name its as-of date
/// (<see cref="DataAge.ShownAsOfKey"/>) when it shows a run other than the latest pipeline run.
/// </summary>
public sealed class DataAgeFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        // Redirects, files (CSV) and errors render no layout.
        if (executed.Exception is not null || executed.Result is not (null or PageResult) || context.HandlerInstance is not PageModel page)
            return;
        var dataAge = context.HttpContext.RequestServices.GetRequiredService<DataAge>();
        page.ViewData[DataAge.ViewKey] = await dataAge.AssessAsync(page.ViewData[DataAge.ShownAsOfKey] as DateOnly?, context.HttpContext.RequestAborted);
    }
}
