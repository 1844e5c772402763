using System.Globalization;
using Forecast.Core.Access;
using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Web.Access;
using Forecast.Web.Charts;
using Forecast.Web.Pages.Planner;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Api;

/// <summary>A product page's data plus the backtest accuracy in words (in the request's language).</summary>
public sealed record ProductOutlookResponse(ProductOutlookView Outlook, string AccuracySummary);

/// <summary>The caller: name, roles, and the CRM rep whose customers it is limited to (null: all customers).</summary>
public sealed record MeResponse(string? Name, IReadOnlyList<string> Roles, long? RepScope);

/// <summary>Starts pipeline stages: <c>nightly</c> (all stages in order) or one stage by name.</summary>
public sealed record StartRunRequest(string Stage);

/// <summary>A pipeline run started on the workers (follow it on <c>GET /api/admin/pipeline-runs</c> or the dashboard).</summary>
public sealed record StartRunResponse(string Stage, string JobId);

/// <summary>
/// The JSON API: everything the pages show, under the same policies and the same rep scope (the pages and the API read
/// through the same Core queries). Errors are RFC 9457 problem details. Browsers call it with their sign-in cookie (and
/// an antiforgery token on writes), machine clients with <c>Authorization: Bearer &lt;API token&gt;</c>.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapForecastApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me", Me).WithTags("Access").WithSummary("Who the caller is: roles and the customers it may see.");

        var planner = endpoints.MapGroup("/api/planner").WithTags("Planner").RequireAuthorization(WebRegistration.PlannerPolicy);
        planner.MapGet("/at-risk", AtRisk)
            .WithSummary("Products ordered by the probability of a stock-out within their lead time.")
            .WithDescription("With the projected stock-out date, days of cover and the suggested order (rounded to MOQ and pack size) with its order-by date, from the latest inventory run. Filters: family, supplier, onlyWithOrder; paging: skip, take (≤ 1000); sort=value for the largest value at risk first. Each line's money (home currency): unit cost, list price, expected units short within the lead time, value at risk and its price basis, purchase order value.");
        planner.MapGet("/filters", Filters).WithSummary("The families and suppliers the at-risk list can be filtered by.");
        planner.MapGet("/suggested-orders", SuggestedOrdersJson).WithSummary("Suggested purchase orders of the latest inventory run, most urgent order-by date first.");
        planner.MapGet("/suggested-orders.csv", SuggestedOrdersCsv)
            .WithSummary("The suggested orders as CSV (UTF-8, invariant numbers, ISO dates) for a purchasing system or a spreadsheet.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        planner.MapGet("/products/{id:long}", Product)
            .WithSummary("One product: stock projection, plan, incoming supply, demand history and forecast with backtest accuracy, pipeline demand.");
        planner.MapGet("/products/{id:long}/chart.svg", Chart)
            .WithSummary("The product page's chart as SVG: demand history and forecast fans, pipeline demand, projected stock band, reorder point, safety stock, incoming supply.")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml");
        planner.MapGet("/products/{id:long}/ship-date", ShipDate)
            .WithSummary("The earliest date a quantity of the product can ship without shorting forecast demand (available to promise).");

        endpoints.MapRepWorkApi();
        endpoints.MapPricingApi();
        endpoints.MapErpApi();

        var customers = endpoints.MapGroup("/api/customers").WithTags("Customers").RequireAuthorization(WebRegistration.RepPolicy);
        customers.MapGet("/", Customers)
            .WithSummary("Customers the caller may see (a rep: the customers they own), with receivables, open opportunities and the next predicted order.");
        customers.MapGet("/{id:long}", Customer)
            .WithSummary("Customer 360: orders, open invoices and overdue amounts, open opportunities with win probability and top factors, activities, predicted next orders.")
            .WithDescription("404 when the customer does not exist or belongs to another rep (a rep cannot tell the two apart).");

        var admin = endpoints.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(WebRegistration.AdminPolicy);
        admin.MapGet("/models", Models).WithSummary("Model versions per kind (newest first) with their training window and validation metrics.");
        admin.MapGet("/prediction-runs", PredictionRuns).WithSummary("The latest run of every prediction stage with its summary metrics.");
        admin.MapGet("/pipeline-runs", PipelineRuns).WithSummary("The latest pipeline runs (all stages of a night, or stages started by hand).");
        admin.MapPost("/pipeline-runs", StartRun).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Start the nightly pipeline (stage \"nightly\") or one stage on the workers.");
        admin.MapGet("/imports", Imports).WithSummary("Import runs, newest first, with their counts.");
        admin.MapGet("/imports/{id:long}", Import).WithSummary("One import run with its report: per file and entity counts, skips, the first errors, timings.");
        admin.MapGet("/matches", Matches).WithSummary("The customer-match review queue: CRM account / ERP customer pairs waiting for a person.");
        admin.MapPost("/matches/{id:long}/accept", (long id, HttpContext context, MatchReview review, CancellationToken ct) => Decide(id, true, context, review, ct))
            .AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Accept a match candidate: link the CRM account to that ERP customer (unification re-runs at once).");
        admin.MapPost("/matches/{id:long}/reject", (long id, HttpContext context, MatchReview review, CancellationToken ct) => Decide(id, false, context, review, ct))
            .AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Reject a match candidate: never link that pair.");
        admin.MapGet("/owner-conflicts", Conflicts).WithSummary("Customers more than one rep is working (open owner conflicts).");
        return endpoints;
    }

    private static Ok<MeResponse> Me(HttpContext context)
    {
        var user = context.User;
        return TypedResults.Ok(new MeResponse(user.FindFirst("display_name")?.Value ?? user.Identity?.Name,
            Roles.All.Where(user.IsInRole).ToList(), user.RepScope()));
    }

    private static Results<Ok<AtRiskList>, ProblemHttpResult> AtRiskSortRefused(string sort) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid sort",
            detail: $"sort must be 'risk' or 'value', not '{sort}'.", extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["sort"] = ["sort must be 'risk' or 'value'."] } });

    private static async Task<Results<Ok<AtRiskList>, ProblemHttpResult>> AtRisk(InventoryQueries inventory, string? family, string? supplier, bool? onlyWithOrder, int? skip, int? take, string? sort, CancellationToken ct)
    {
        AtRiskSort order;
        switch (Blank(sort)?.ToLowerInvariant())
        {
            case null or "risk": order = AtRiskSort.Risk; break;
            case "value": order = AtRiskSort.ValueAtRisk; break;
            default: return AtRiskSortRefused(sort!);
        }
        return TypedResults.Ok(await inventory.AtRiskAsync(new AtRiskFilter(Blank(family), Blank(supplier), onlyWithOrder ?? false, Skip: skip ?? 0, Take: Math.Clamp(take ?? 50, 1, 1000), Sort: order), ct));
    }

    private static Task<PlannerFilterValues> Filters(PlannerQueries planner, CancellationToken ct) => planner.FilterValuesAsync(ct);

    private static Task<SuggestedOrders> SuggestedOrdersJson(PlannerQueries planner, string? family, string? supplier, CancellationToken ct) =>
        planner.SuggestedOrdersAsync(Blank(family), Blank(supplier), ct);

    private static async Task<FileContentHttpResult> SuggestedOrdersCsv(PlannerQueries planner, string? family, string? supplier, CancellationToken ct)
    {
        var orders = await planner.SuggestedOrdersAsync(Blank(family), Blank(supplier), ct);
        var name = orders.AsOf is { } asOf ? $"suggested-orders-{asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv" : "suggested-orders.csv";
        return TypedResults.File(PlannerQueries.ToCsv(orders), "text/csv; charset=utf-8", name);
    }

    private static async Task<Results<Ok<ProductOutlookResponse>, ProblemHttpResult>> Product(long id, PlannerQueries planner, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var view = await planner.ProductOutlookAsync(id, ct);
        if (view is null)
            return NoPlan(id);
        return TypedResults.Ok(new ProductOutlookResponse(view, AccuracyText.Describe(view.Demand.Accuracy, view.Projection.Unit, view.Demand.Granularity, text)));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Chart(long id, PlannerQueries planner, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var view = await planner.ProductOutlookAsync(id, ct);
        if (view is null)
            return NoPlan(id);
        return TypedResults.Content(ProductChart.Render(view, ProductModel.ChartLabels(text), CultureInfo.CurrentCulture), "image/svg+xml; charset=utf-8");
    }

    private static async Task<Results<Ok<ShipDateResult>, ProblemHttpResult>> ShipDate(long id, decimal quantity, InventoryQueries inventory, CancellationToken ct)
    {
        if (quantity <= 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The quantity must be positive.", detail: "Ask with ?quantity=120 (units of the product).");
        var answer = await inventory.EarliestShipDateAsync(id, quantity, ct);
        return answer is null ? NoPlan(id) : TypedResults.Ok(answer);
    }

    private static Task<CustomerList> Customers(HttpContext context, CustomerQueries customers, string? q, int? skip, int? take, CancellationToken ct) =>
        customers.ListAsync(context.User.CustomerScope(), new CustomerListFilter(q, skip ?? 0, Math.Clamp(take ?? 50, 1, 500)), ct);

    private static async Task<Results<Ok<Customer360>, ProblemHttpResult>> Customer(long id, HttpContext context, CustomerQueries customers, CancellationToken ct)
    {
        var customer = await customers.GetAsync(context.User.CustomerScope(), id, ct);
        return customer is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No customer {id} that you may see.")
            : TypedResults.Ok(customer);
    }

    private static Task<IReadOnlyList<ModelVersionView>> Models(RunHistory catalog, int? perKind, CancellationToken ct) => catalog.VersionsAsync(Math.Clamp(perKind ?? 10, 1, 100), ct);

    private static Task<IReadOnlyList<PredictionRunView>> PredictionRuns(RunHistory catalog, CancellationToken ct) => catalog.LatestRunsAsync(ct);

    private static Task<List<PipelineRun>> PipelineRuns(ForecastDbContext db, int? take, CancellationToken ct) =>
        db.PipelineRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(Math.Clamp(take ?? 20, 1, 500)).ToListAsync(ct);

    private static Results<Accepted<StartRunResponse>, ProblemHttpResult> StartRun(StartRunRequest request, IEnumerable<IPipelineStage> stages, IBackgroundJobClient jobs)
    {
        var names = stages.Select(s => s.Name).ToList();
        string jobId;
        if (request.Stage == "nightly")
            jobId = jobs.Enqueue<PipelineJobs>(j => j.StartNightlyAsync(CancellationToken.None));
        else if (names.Contains(request.Stage))
            jobId = jobs.Enqueue<PipelineJobs>(j => j.StartStageAsync(request.Stage, CancellationToken.None));
        else
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown stage", detail: $"Stages: nightly, {string.Join(", ", names)}.");
        return TypedResults.Accepted("/api/admin/pipeline-runs", new StartRunResponse(request.Stage, jobId));
    }

    private static Task<List<ImportRun>> Imports(ImportHistory history, int? skip, int? take, CancellationToken ct) => history.RecentAsync(skip ?? 0, take ?? 50, ct);

    private static async Task<Results<Ok<ImportRunView>, ProblemHttpResult>> Import(long id, ImportHistory history, CancellationToken ct)
    {
        var view = await history.GetAsync(id, ct);
        return view is null ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No import run {id}.") : TypedResults.Ok(view);
    }

    private static Task<MatchQueue> Matches(MatchReview review, int? skip, int? take, CancellationToken ct) => review.QueueAsync(skip ?? 0, take ?? 100, ct);

    private static async Task<Results<Ok<MatchDecisionResult>, ProblemHttpResult>> Decide(long id, bool accept, HttpContext context, MatchReview review, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await review.DecideAsync(accept ? [id] : [], accept ? [] : [id], context.User.Identity?.Name ?? "api", apply: true, ct));
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: e.Message);
        }
        catch (MatchDecisionException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The decision cannot be recorded", detail: e.Message);
        }
    }

    private static Task<IReadOnlyList<OwnerConflictView>> Conflicts(MatchReview review, CancellationToken ct) => review.OpenConflictsAsync(ct);

    private static ProblemHttpResult NoPlan(long id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
        detail: $"The latest inventory run has no plan for product {id} (unknown product, or the nightly pipeline has not run yet).");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
