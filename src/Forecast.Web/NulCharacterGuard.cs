using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web;

/// <summary>
/// Refuses a request whose path, query or form fields hold a NUL character (<c>%00</c>) with a 400 that says so.
/// PostgreSQL cannot store or compare NUL in text, so such a filter or search (<c>/planner?family=%00</c>,
/// <c>/reps/customers?q=%00</c>, <c>/api/customers?q=%00</c>, the login email, a reminder draft) would otherwise fail
/// deep in a query as a 500. One check at the edge covers every parameter, including the ones added later.
/// JSON bodies are the pushed records' own business: the import checks them field by field.
/// </summary>
internal sealed class NulCharacterGuard(RequestDelegate next)
{
    /// <summary>The English text (a key of the translations) the error page shows for the refusal.</summary>
    public const string Explanation = "A search, filter or form field contained a NUL character (%00), which no text here can hold: remove it and try again.";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // The error page re-executed for a refused request sees the same form again.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null && await HoldsNulAsync(request))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            // Nothing after this (the re-executed error page, its handler selection and binding) reads the refused form.
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(FormCollection.Empty));
            if (WebRegistration.IsApi(request.Path))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request holds a NUL character",
                    detail: "A query parameter, form field or the path contains %00, which no text here can hold; remove it.").ExecuteAsync(context);
            }
            else
            {
                // The localized error page (/status/400) reads it; the status-code pages re-execute with the same context.
                context.Items[Explanation] = true;
            }
            return;
        }
        await next(context);
    }

    private static async Task<bool> HoldsNulAsync(HttpRequest request)
    {
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
            return true;
        foreach (var (_, values) in request.Query)
        {
            if (values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                return true;
        }
        // URL-encoded forms only: a multipart upload is a file, read by its own code.
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (InvalidDataException ex) when (ex.InnerException is InvalidOperationException)
            {
                // ASP.NET Core's form decoder refuses %00 itself ("The path contains null characters").
                return true;
            }
            foreach (var (_, values) in form)
            {
                if (values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                    return true;
            }
        }
        return false;
    }
}
