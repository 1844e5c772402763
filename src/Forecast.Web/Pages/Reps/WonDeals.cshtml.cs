using Forecast.Core.ErpSync;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forecast.Web.Pages.Reps;

/// <summary>
/// <c>/reps/won-deals</c>: the caller's won deals (a rep: on the customers they own) and whether the ERP has entered their
/// order yet: conversion time of those it has, and the won-not-ordered list to chase.
/// </summary>
public sealed class WonDealsModel(DealOrders orders) : PageModel
{
    public DealOrderReport Report { get; private set; } = null!;
    public bool SeesAll { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = User.CustomerScope();
        SeesAll = scope.IsAll;
        Report = await orders.ReportAsync(scope, null, cancellationToken);
    }
}
