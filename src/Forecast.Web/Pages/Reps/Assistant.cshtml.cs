using Forecast.Core;
using Forecast.Core.Assistant;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps;

/// <summary>
/// <c>/reps/assistant</c>: the order-status assistant. The rep types (or says) a question; the answer comes from the same
/// <see cref="OrderStatusAssistant"/> as <c>POST /api/assistant/ask</c>, under the rep's scope, with its source links and,
/// when several customers fit, the choices as buttons that ask again for the one picked.
/// </summary>
public sealed class AssistantModel(OrderStatusAssistant assistant) : PageModel
{
    [BindProperty]
    public string? Question { get; set; }

    [BindProperty]
    public long? CustomerId { get; set; }

    public AssistantAnswer? Answer { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            Answer = await assistant.AskAsync(User.CustomerScope(), Question, CustomerId, cancellationToken);
        }
        catch (UserInputException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}
