using System.Globalization;
using Forecast.Core.CustomerView;
using Forecast.Core.Profitability;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Forecast.Web.Api;

/// <summary>A reminder as the API shows it: the stored facts, the value and its parts, the draft as it stands, and its history.</summary>
public sealed record ReminderDetailResponse(
    long Id,
    ReminderKind Kind,
    ReminderStatus Status,
    DateOnly AsOf,
    string CustomerName,
    string? ProductName,
    string WhyNow,
    DateOnly? DueDate,
    decimal? ExpectedValue,
    string? Currency,
    double? ValueProbability,
    decimal? ValueBasis,
    ReminderValueBasis? ValueBasisKind,
    int? ValueHorizonDays,
    DateOnly? SnoozedUntil,
    string? ContactName,
    string? ContactEmail,
    string? DraftLanguage,
    string? Subject,
    string? Body,
    bool DraftEdited,
    string? DraftNote,
    string? FailureReason,
    DismissReason? DismissReason,
    string? DismissNote,
    IReadOnlyList<ReminderActionView> History);

/// <summary>The rep's edit of a draft.</summary>
public sealed record DraftEditRequest(string? Subject, string? Body);

/// <summary>Why the rep dismisses a reminder: one of AlreadyOrdered, NotBuying, WrongContact, WrongProduct, Other (Other needs a note).</summary>
public sealed record DismissRequest(string? Reason, string? Note);

/// <summary>The business date (yyyy-MM-dd) to snooze until: after today, at most a year ahead.</summary>
public sealed record SnoozeRequest(string? Until);

/// <summary>
/// The reps' worklist in the JSON API, under the same rep scope as the pages (another rep's reminder or deal is 404):
/// reminders listed, read, edited, marked sent, dismissed with a reason and snoozed; the open deals. Bad input is a 400
/// problem with the field in <c>errors</c>, and changes nothing.
/// </summary>
public static class RepWorkEndpoints
{
    public static IEndpointRouteBuilder MapRepWorkApi(this IEndpointRouteBuilder endpoints)
    {
        var reminders = endpoints.MapGroup("/api/reminders").WithTags("Reminders").RequireAuthorization(WebRegistration.RepPolicy);
        reminders.MapGet("/", List)
            .WithSummary("The caller's reminders (a rep: those of the customers they own), one view, sorted, paged.")
            .WithDescription("status: Open (default; new and not snoozed past today), Snoozed, Sent, Dismissed, Failed, All. kind: ReorderDue, AtRisk, StalledDeal. sort: ExpectedValue (default), DueDate, Customer. skip, take (≤ 500).");
        reminders.MapGet("/{id:long}", Detail)
            .WithSummary("One reminder: why now, due date, expected value and what it is made of, the draft, and what was done to it.")
            .WithDescription("404 when the reminder does not exist or belongs to another rep's customer.");
        reminders.MapPost("/{id:long}/draft", EditDraft).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Save the rep's edit of the draft (one-line subject, body); the original draft is kept.");
        reminders.MapPost("/{id:long}/sent", MarkSent).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Mark the reminder as sent by the rep.");
        reminders.MapPost("/{id:long}/dismiss", Dismiss).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Dismiss the reminder with a reason (AlreadyOrdered, NotBuying, WrongContact, WrongProduct, Other + note).");
        reminders.MapPost("/{id:long}/snooze", Snooze).AddEndpointFilter<CookieCallersNeedAntiforgery>()
            .WithSummary("Hide the reminder from the open list until a business date (after today, at most a year ahead).");

        var deals = endpoints.MapGroup("/api/deals").WithTags("Reminders").RequireAuthorization(WebRegistration.RepPolicy);
        deals.MapGet("/", Deals)
            .WithSummary("The caller's open deals (a rep: on the customers they own) with amount, currency, close date, win probability and its top factors.")
            .WithDescription("sort: ExpectedValue (default), CloseDate, Amount, WinProbability, Customer. skip, take (≤ 500).");
        deals.MapGet("/{id:long}", Deal)
            .WithSummary("One open deal.")
            .WithDescription("404 when the deal is not open, does not exist, or is on another rep's customer.");

        endpoints.MapGet("/api/profitability", Profitability).WithTags("Profitability").RequireAuthorization(WebRegistration.RepPolicy)
            .WithSummary("Customers ranked by margin after cost to serve (a rep: their own), in the home currency, with effort by kind, lost deals, discounts, days sales outstanding, lifetime value, the customers whose effort grows while margin falls, and (for managers) a total per rep.")
            .WithDescription("sort: MarginAfterCost (default, highest first), LowestMarginAfterCost, Revenue, CostToServe, LifetimeValue, Customer. watch=true keeps only customers whose effort grows while margin falls. skip, take (≤ 500).");
        return endpoints;
    }

    private static async Task<Results<Ok<ReminderPage>, ValidationProblem>> List(
        HttpContext context, ReminderInbox inbox, string? status, string? kind, string? sort, int? skip, int? take, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var view = Parse(status, ReminderView.Open, "status", errors);
        var kindFilter = string.IsNullOrWhiteSpace(kind) ? (ReminderKind?)null : Parse(kind, ReminderKind.ReorderDue, "kind", errors);
        var order = Parse(sort, ReminderSort.ExpectedValue, "sort", errors);
        Range(skip, 0, int.MaxValue, "skip", errors);
        Range(take, 1, 500, "take", errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The list cannot be given for these parameters.");
        return TypedResults.Ok(await inbox.PageAsync(new ReminderQuery(view, kindFilter, null, order, skip ?? 0, take ?? 50), context.User.RepScope(), ct));
    }

    private static async Task<Results<Ok<ReminderDetailResponse>, ProblemHttpResult>> Detail(long id, HttpContext context, ReminderInbox inbox, CancellationToken ct) =>
        await DetailAsync(id, context, inbox, ct) is { } detail ? TypedResults.Ok(detail) : NotFound(id);

    private static Task<Results<Ok<ReminderDetailResponse>, ValidationProblem, ProblemHttpResult>> EditDraft(
        long id, DraftEditRequest request, HttpContext context, ReminderInbox inbox, CancellationToken ct) =>
        ActAsync(id, context, inbox, ReminderInbox.CheckDraft(request.Subject, request.Body),
            () => inbox.SaveDraftAsync(id, context.User.RepScope(), request.Subject, request.Body, User(context), ct), ct);

    private static Task<Results<Ok<ReminderDetailResponse>, ValidationProblem, ProblemHttpResult>> MarkSent(
        long id, HttpContext context, ReminderInbox inbox, CancellationToken ct) =>
        ActAsync(id, context, inbox, null, () => inbox.MarkSentAsync(id, context.User.RepScope(), User(context), ct), ct);

    private static Task<Results<Ok<ReminderDetailResponse>, ValidationProblem, ProblemHttpResult>> Dismiss(
        long id, DismissRequest request, HttpContext context, ReminderInbox inbox, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        DismissReason? reason = string.IsNullOrWhiteSpace(request.Reason) ? null : Parse(request.Reason, DismissReason.Other, "reason", errors);
        var error = errors.Count > 0 ? new ReminderInputError("reason", errors["reason"][0]) : ReminderInbox.CheckDismissal(reason, request.Note);
        return ActAsync(id, context, inbox, error, () => inbox.DismissAsync(id, context.User.RepScope(), reason, request.Note, User(context), ct), ct);
    }

    private static Task<Results<Ok<ReminderDetailResponse>, ValidationProblem, ProblemHttpResult>> Snooze(
        long id, SnoozeRequest request, HttpContext context, ReminderInbox inbox, CancellationToken ct)
    {
        DateOnly? until = DateOnly.TryParseExact(request.Until?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        var error = request.Until is not null && until is null
            ? new ReminderInputError("until", $"'{request.Until}' is not a date: write it as yyyy-MM-dd.")
            : ReminderInbox.CheckSnooze(until, inbox.Today());
        return ActAsync(id, context, inbox, error, () => inbox.SnoozeAsync(id, context.User.RepScope(), until, User(context), ct), ct);
    }

    private static async Task<Results<Ok<OpenDealList>, ValidationProblem>> Deals(HttpContext context, DealQueries deals, string? sort, int? skip, int? take, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var order = Parse(sort, DealSort.ExpectedValue, "sort", errors);
        Range(skip, 0, int.MaxValue, "skip", errors);
        Range(take, 1, 500, "take", errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The list cannot be given for these parameters.");
        return TypedResults.Ok(await deals.ListAsync(context.User.CustomerScope(), order, skip ?? 0, take ?? 50, ct));
    }

    private static async Task<Results<Ok<ProfitabilityReport>, ValidationProblem>> Profitability(
        HttpContext context, ProfitabilityQueries profitability, string? sort, bool? watch, int? skip, int? take, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var order = Parse(sort, ProfitabilitySort.MarginAfterCost, "sort", errors);
        Range(skip, 0, int.MaxValue, "skip", errors);
        Range(take, 1, 500, "take", errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The list cannot be given for these parameters.");
        return TypedResults.Ok(await profitability.GetAsync(context.User.CustomerScope(), order, watch ?? false, skip ?? 0, take ?? 50, ct));
    }

    private static async Task<Results<Ok<OpenDealView>, ProblemHttpResult>> Deal(long id, HttpContext context, DealQueries deals, CancellationToken ct) =>
        await deals.GetAsync(context.User.CustomerScope(), id, ct) is { } deal
            ? TypedResults.Ok(deal)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No open deal {id} that you may see.");

    /// <summary>Input checked first (400 with the field, nothing touched), then scope (404), then state (409).</summary>
    private static async Task<Results<Ok<ReminderDetailResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(
        long id, HttpContext context, ReminderInbox inbox, ReminderInputError? error, Func<Task<ReminderActionResult>> action, CancellationToken ct)
    {
        if (error is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] }, title: "The input is not valid; nothing was changed.");
        switch (await action())
        {
            case ReminderActionResult.NotFound:
                return NotFound(id);
            case ReminderActionResult.NotAllowed:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already handled",
                    detail: $"Reminder {id} is no longer new (sent, dismissed or failed): this action does not apply to it.");
            case ReminderActionResult.Invalid:
                // The checks above and the inbox's agree; this is a date that turned while the request ran.
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = ["The input is not valid."] });
        }
        return await DetailAsync(id, context, inbox, ct) is { } detail ? TypedResults.Ok(detail) : NotFound(id);
    }

    private static async Task<ReminderDetailResponse?> DetailAsync(long id, HttpContext context, ReminderInbox inbox, CancellationToken ct)
    {
        var scope = context.User.RepScope();
        var r = await inbox.FindAsync(id, scope, ct);
        if (r is null)
            return null;
        var history = await inbox.HistoryAsync(id, scope, ct);
        return new ReminderDetailResponse(r.Id, r.Kind, r.Status, r.AsOf, r.CustomerName, r.ProductName, r.WhyNow, r.DueDate, r.ExpectedValue, r.Currency,
            r.ValueProbability, r.ValueBasis, r.ValueBasisKind, r.ValueHorizonDays, r.SnoozedUntil, r.ContactName, r.ContactEmail, r.DraftLanguage,
            r.EditedSubject ?? r.DraftSubject, r.EditedBody ?? r.DraftBody, r.EditedAt is not null, r.DraftNote, r.FailureReason,
            r.DismissReasonCode, r.DismissedReason, history);
    }

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No reminder {id} that you may see.");

    private static string User(HttpContext context) => context.User.Identity?.Name ?? "api";

    /// <summary>An enum by name (any case); numbers are refused, since "3" would silently mean whatever member has that value.</summary>
    private static T Parse<T>(string? value, T fallback, string field, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        if (!value.Trim().All(char.IsAsciiLetter) || !Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed))
        {
            errors[field] = [$"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}."];
            return fallback;
        }
        return parsed;
    }

    private static void Range(int? value, int min, int max, string field, Dictionary<string, string[]> errors)
    {
        if (value is { } v && (v < min || v > max))
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{v} is out of range: {min} to {max}.")];
    }
}
