using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps.Customers;

/// <summary>Customer 360: what a rep wants to know before a visit. Another rep's customer is "not found", never shown.</summary>
public sealed class DetailModel(CustomerQueries customers) : PageModel
{
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
}
