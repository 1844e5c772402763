using System.Globalization;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Web.Freshness;
using Forecast.Web.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Planner;

/// <summary>
/// One product: the chart, the plan, what the forecast is and how good it has been, incoming supply and the pipeline;
/// and what the planner changes here: planning settings and forecast overrides (each re-plans the product at once).
/// </summary>
public sealed class ProductModel(
    PlannerQueries planner, BusinessCalendar calendar, PlanningSettings settings, ForecastOverrides overrides, InventoryStage inventory,
    PurchaseProposals proposals, PurchaseOrderMessageQueries poMessages, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>What the plan says to do with the product's open purchase orders.</summary>
    public PurchaseOrderMessageList PoMessages { get; private set; } = new(null, "", []);
    public ProductOutlookView View { get; private set; } = null!;
    public string ChartSvg { get; private set; } = "";
    public string AccuracySentence { get; private set; } = "";
    public string DemandClassText { get; private set; } = "";
    /// <summary>Today in the business time zone: an order-by date before it has passed.</summary>
    public DateOnly Today { get; private set; }
    /// <summary>The purchase proposal approved from this plan, if any.</summary>
    public PurchaseProposal? Proposal { get; private set; }
    /// <summary>What a refused form said was wrong, by field, in the reader's language.</summary>
    public Dictionary<string, List<string>> Errors { get; } = [];
    /// <summary>The form values as posted, shown again when they were refused.</summary>
    public Dictionary<string, string?> Posted { get; } = [];
    /// <summary>Which change was just saved (settings, reset, override, removed), from the redirect after it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Saved { get; set; }
    [BindProperty(SupportsGet = true)]
    public bool Recomputed { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSettingsAsync(long id, string? leadTimeDays, string? serviceLevelPercent, string? moq, string? packSize, CancellationToken cancellationToken)
    {
        Posted["leadTimeDays"] = leadTimeDays;
        Posted["serviceLevelPercent"] = serviceLevelPercent;
        Posted["moq"] = moq;
        Posted["packSize"] = packSize;
        var edit = new PlanningSettingsEdit(Number("leadTimeDays", leadTimeDays), Number("serviceLevelPercent", serviceLevelPercent), Number("moq", moq), Number("packSize", packSize));
        if (Errors.Count == 0)
        {
            try
            {
                if (await settings.UpdateAsync(id, edit, Who, cancellationToken) is null)
                    return NotFound();
                return Done(id, "settings", await inventory.ReplanProductAsync(id, cancellationToken));
            }
            catch (PlannerInputException e)
            {
                Show(e);
            }
        }
        return await RefusedAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostResetAsync(long id, PlanningSetting? setting, CancellationToken cancellationToken)
    {
        if (setting is not { } which)
            return BadRequest();
        if (await settings.ResetAsync(id, [which], Who, cancellationToken) is null)
            return NotFound();
        return Done(id, "reset", await inventory.ReplanProductAsync(id, cancellationToken));
    }

    public async Task<IActionResult> OnPostOverrideAsync(long id, DateOnly? from, DateOnly? to, ForecastOverrideKind? kind, string? value, string? reason, CancellationToken cancellationToken)
    {
        Posted["from"] = from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Posted["to"] = to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Posted["kind"] = kind?.ToString();
        Posted["value"] = value;
        Posted["reason"] = reason;
        var number = Number("value", value);
        if (Errors.Count == 0)
        {
            try
            {
                await overrides.SetAsync(id, new ForecastOverrideRequest(from, to, kind, number is { } n ? (double)n : null, reason), Who, cancellationToken);
                return Done(id, "override", await inventory.ReplanProductAsync(id, cancellationToken));
            }
            catch (KeyNotFoundException)
            {
                return NotFound();
            }
            catch (PlannerInputException e)
            {
                Show(e);
            }
        }
        return await RefusedAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveOverrideAsync(long id, DateOnly week, CancellationToken cancellationToken)
    {
        try
        {
            if (!await overrides.RemoveAsync(id, week, cancellationToken))
                return NotFound();
        }
        catch (PlannerInputException e)
        {
            Show(e);
            return await RefusedAsync(id, cancellationToken);
        }
        return Done(id, "removed", await inventory.ReplanProductAsync(id, cancellationToken));
    }

    public async Task<IActionResult> OnPostApproveAsync(long id, string? quantity, CancellationToken cancellationToken)
    {
        Posted["quantity"] = quantity;
        var number = Number("quantity", quantity);
        if (Errors.Count == 0)
        {
            try
            {
                if (await proposals.ApproveAsync(id, number, Who, cancellationToken) is null)
                    return NotFound();
                return Redirect(FormattableString.Invariant($"/planner/products/{id}?saved=approved#proposal"));
            }
            catch (PlannerInputException e)
            {
                Show(e);
            }
        }
        return await RefusedAsync(id, cancellationToken);
    }

    /// <summary>The first error of a field in the reader's language, or null.</summary>
    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var list) ? list[0] : null;

    public static ProductChartLabels ChartLabels(IStringLocalizer text)
    {
        var en = ProductChartLabels.English;
        string L(string s) => text[s];
        return new ProductChartLabels(L(en.Title), L(en.DemandPanel), L(en.StockPanel), L(en.History), L(en.Forecast), L(en.Band50), L(en.Band80),
            L(en.Pipeline), L(en.NewBusiness), L(en.ProjectedStock), L(en.StockBand), L(en.ReorderPoint), L(en.SafetyStock), L(en.Incoming), L(en.Today),
            L(en.Override));
    }

    private string Who => User.Identity?.Name ?? "planner";

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var view = await planner.ProductOutlookAsync(id, cancellationToken);
        if (view is null)
            return false;
        View = view;
        ChartSvg = ProductChart.Render(view, ChartLabels(text), CultureInfo.CurrentCulture);
        AccuracySentence = AccuracyText.Describe(view.Demand.Accuracy, view.Projection.Unit, view.Demand.Granularity, text);
        DemandClassText = AccuracyText.DemandClass(view.Demand.DemandClass, text);
        ViewData["AsOf"] = Display.Date(view.Projection.AsOf);
        ViewData[DataAge.ShownAsOfKey] = view.Projection.AsOf;
        Today = calendar.Today();
        Proposal = await proposals.ForLatestPlanAsync(id, view.Projection.Sku, view.Projection.AsOf, cancellationToken);
        PoMessages = await poMessages.ListAsync(id, null, cancellationToken);
        return true;
    }

    /// <summary>After a change, the page again by GET (a reload does not post twice), saying what was saved.</summary>
    private RedirectResult Done(long id, string what, bool recomputed) =>
        Redirect(FormattableString.Invariant($"/planner/products/{id}?saved={what}&recomputed={recomputed}#{(what is "settings" or "reset" ? "settings" : "overrides")}"));

    /// <summary>The page with the refused values and why, as a 400: nothing was saved.</summary>
    private async Task<IActionResult> RefusedAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private decimal? Number(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (decimal.TryParse(value.Trim(), NumberStyles.Number, CultureInfo.CurrentCulture, out var number)
            || decimal.TryParse(value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out number))
            return number;
        Add(field, text["Enter a number."]);
        return null;
    }

    private void Show(PlannerInputException e)
    {
        foreach (var error in e.Errors)
            Add(error.Field, text[error.Text, error.Args]);
    }

    private void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
            Errors[field] = list = [];
        list.Add(message);
    }
}
