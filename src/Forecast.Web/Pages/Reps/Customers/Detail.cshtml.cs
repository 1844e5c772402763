using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Reps.Customers;

/// <summary>Customer 360: what a rep wants to know before a visit. Another rep's customer is "not found", never shown.</summary>
public sealed class DetailModel(CustomerQueries customers, IStringLocalizer<SharedResource> text) : PageModel
{
    private IStringLocalizer T => text;

    public Customer360 Customer { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var customer = await customers.GetAsync(User.CustomerScope(), id, cancellationToken);
        if (customer is null)
            return NotFound();
        Customer = customer;
        ViewData["AsOf"] = Display.Date(customer.AsOf);
        return Page();
    }

    /// <summary>A number a phone can dial straight from the page; text that holds no number is shown as it is.</summary>
    public static IHtmlContent PhoneLink(string? phone, string? id)
    {
        if (string.IsNullOrWhiteSpace(phone))
            return new HtmlString("–");
        var encoded = System.Net.WebUtility.HtmlEncode(phone);
        return PhoneLinks.Tel(phone) is { } tel
            ? new HtmlString($"<a class=\"tel\"{(id is null ? "" : $" id=\"{id}\"")} href=\"{System.Net.WebUtility.HtmlEncode(tel)}\">{encoded}</a>")
            : new HtmlString(encoded);
    }

    /// <summary>A contact's preferred language in the reader's words; a tag the app does not write in is shown as the CRM has it.</summary>
    public string Language(string? tag) => tag?.Trim().ToLowerInvariant() switch
    {
        null or "" => "–",
        "zh-tw" or "zh-hant" or "zh-hant-tw" => T["Traditional Chinese"],
        "en" or "en-us" or "en-gb" => T["English"],
        _ => tag,
    };

    public string TrendWord(TrendDirection direction) => direction switch
    {
        TrendDirection.Rising => T["rising"],
        TrendDirection.Falling => T["falling"],
        _ => T["steady"],
    };

    /// <summary>The sparkline's accessible name: what a sighted reader takes from the line, in words and numbers.</summary>
    public string TrendLabel(ProductSalesTrend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var last = trend.Monthly.TakeLast(3).Select(m => Display.Quantity(m.Quantity)).ToList();
        var against = trend.Direction switch
        {
            TrendDirection.Rising => T["more than in the 12 months before"],
            TrendDirection.Falling => T["less than in the 12 months before"],
            _ => T["about the same as in the 12 months before"],
        };
        return T["{0}: units ordered per month over {1} months; the last three months {2}, {3} and {4}; the last 12 months {5}, {6}.",
            trend.Sku, trend.Monthly.Count, last.ElementAtOrDefault(0) ?? "0", last.ElementAtOrDefault(1) ?? "0", last.ElementAtOrDefault(2) ?? "0",
            Display.Quantity(trend.Monthly.TakeLast(12).Sum(m => m.Quantity)), against];
    }
}
