using System.Globalization;
using Forecast.Core.Formatting;

namespace Forecast.Core.Outreach.Drafting;

public enum ReminderKind
{
    /// <summary>The customer's predicted next order of a product falls inside the notice window.</summary>
    ReorderDue,
    /// <summary>The customer is later than the 90th percentile of its own cycle, or has probably stopped buying.</summary>
    AtRisk,
    /// <summary>An open opportunity with a high expected value and no activity for a while.</summary>
    StalledDeal,
}

public sealed record ProductFacts(string Sku, string Name, string? Unit, decimal UsualQuantity, DateOnly? LastOrdered, int? TypicalCycleDays);

/// <summary>What the stock projection says about the product the reminder is about; never promise stock that will be short.</summary>
public sealed record AvailabilityFacts(decimal AvailableNow, DateOnly? EarliestShipDate, bool ShortForUsualQuantity);

public sealed record ReceivablesFacts(decimal OverdueAmount, string Currency, DateOnly? OldestDueDate, int OverdueInvoices);

public sealed record QuoteFacts(string Name, decimal Amount, DateOnly? ExpectedClose, double? WinProbability);

/// <summary>
/// Everything a draft may say, gathered from the predictions and the ERP/CRM facts. Templates see exactly this
/// (as a dictionary), nothing else: a template cannot reach data it was not given.
/// </summary>
public sealed record DraftFacts(
    ReminderKind Kind,
    string CustomerName,
    string? ContactName,
    string RepName,
    string? RepEmail,
    string? RepPhone,
    ProductFacts? Product,
    IReadOnlyList<ProductFacts> UsualProducts,
    int? DaysSinceLastOrder,
    DateOnly? PredictedOrderDate,
    double? ProbabilityActive,
    AvailabilityFacts? Availability,
    ReceivablesFacts? Receivables,
    QuoteFacts? OpenQuote,
    DateOnly Today,
    int? DaysSinceActivity = null,
    DateOnly? LateSince = null,
    DateOnly? PredictedOrderFrom = null,
    DateOnly? PredictedOrderTo = null)
{
    /// <summary>
    /// The one-sentence "why now" for the rep, in numbers: "orders every ~30 days; last order 22 days ago; next order
    /// expected 5 Dec 2026 (80%: 1 Dec – 12 Dec 2026); usual quantity 40".
    /// </summary>
    public string WhyNow(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var zh = culture.Name.StartsWith("zh", StringComparison.Ordinal);
        string Date(DateOnly d) => d.ToString(zh ? "yyyy/MM/dd" : "d MMM yyyy", culture);
        var parts = new List<string>();
        if (Product?.TypicalCycleDays is { } cycle)
            parts.Add(zh ? $"約每 {cycle} 天訂購一次" : $"orders every ~{cycle} days");
        if (DaysSinceLastOrder is { } since)
            parts.Add(zh ? $"上次訂購在 {since} 天前" : $"last order {since} {(since == 1 ? "day" : "days")} ago");
        if (Kind == ReminderKind.ReorderDue && PredictedOrderDate is { } predicted)
        {
            var window = PredictedOrderFrom is { } from && PredictedOrderTo is { } to && from < to
                ? (zh ? $"（80% 落在 {Date(from)}–{Date(to)}）" : $" (80%: {Date(from)} – {Date(to)})")
                : "";
            parts.Add(zh ? $"預計下次訂購 {Date(predicted)}{window}" : $"next order expected {Date(predicted)}{window}");
        }
        if (Product is not null)
            {
            var usual = Amounts.Needed(Product.UsualQuantity, Product.Unit).ToString("#,0.##", culture);
            parts.Add(zh ? $"常用數量 {usual}" : $"usual quantity {usual}");
        }
        if (Kind == ReminderKind.AtRisk && LateSince is { } late)
            parts.Add(zh ? $"已晚於自身週期的 90%（最晚應在 {late.ToString("yyyy/MM/dd", culture)} 前訂購）" : $"later than 9 in 10 of its own cycles (due by {late.ToString("d MMM yyyy", culture)})");
        // For a late product the customer's P(active) is news only when it has dropped.
        if (Kind == ReminderKind.AtRisk && ProbabilityActive is { } active && (Product is null || active < 0.9))
            parts.Add(zh ? $"仍為活躍客戶的機率 {active.ToString("P0", culture)}" : $"probability still active {active.ToString("P0", culture)}");
        if (Kind == ReminderKind.StalledDeal && OpenQuote is not null)
        {
            parts.Add(zh ? $"商機「{OpenQuote.Name}」已停滯" : $"deal '{OpenQuote.Name}' has stalled");
            if (DaysSinceActivity is { } quiet)
                parts.Add(zh ? $"已 {quiet} 天沒有聯繫" : $"no activity for {quiet} days");
            if (OpenQuote.WinProbability is { } win)
            {
                var expected = (OpenQuote.Amount * (decimal)win).ToString("#,0", culture);
                parts.Add(zh ? $"預期價值 {expected}（贏單機率 {win.ToString("P0", culture)}）" : $"expected value {expected} ({win.ToString("P0", culture)} to win)");
            }
        }
        return string.Join(zh ? "；" : "; ", parts);
    }

    internal Dictionary<string, object?> ToTemplateModel(CultureInfo culture)
    {
        string Date(DateOnly? d) => d?.ToString(culture.Name.StartsWith("zh", StringComparison.Ordinal) ? "yyyy/MM/dd" : "d MMM yyyy", culture) ?? "";
        string Number(decimal n) => n.ToString("#,0.##", culture);
        Dictionary<string, object?> ProductModel(ProductFacts p) => new()
        {
            ["sku"] = p.Sku, ["name"] = p.Name, ["unit"] = p.Unit ?? "", ["usual_quantity"] = Number(Amounts.Needed(p.UsualQuantity, p.Unit)),
            ["last_ordered"] = Date(p.LastOrdered), ["typical_cycle_days"] = p.TypicalCycleDays,
        };
        return new()
        {
            ["kind"] = Kind switch { ReminderKind.ReorderDue => "reorder_due", ReminderKind.AtRisk => "at_risk", _ => "stalled_deal" },
            ["customer"] = new Dictionary<string, object?> { ["name"] = CustomerName },
            ["contact"] = new Dictionary<string, object?> { ["name"] = ContactName ?? "" },
            ["rep"] = new Dictionary<string, object?> { ["name"] = RepName, ["email"] = RepEmail ?? "", ["phone"] = RepPhone ?? "" },
            ["product"] = Product is null ? null : ProductModel(Product),
            ["usual_products"] = UsualProducts.Select(ProductModel).ToList(),
            ["days_since_last_order"] = DaysSinceLastOrder,
            ["predicted_order_date"] = Date(PredictedOrderDate),
            ["predicted_order_from"] = Date(PredictedOrderFrom),
            ["predicted_order_to"] = Date(PredictedOrderTo),
            ["availability"] = Availability is null ? null : new Dictionary<string, object?>
            {
                ["available_now"] = Number(Amounts.Available(Availability.AvailableNow, Product?.Unit)),
                ["earliest_ship_date"] = Date(Availability.EarliestShipDate),
                ["short"] = Availability.ShortForUsualQuantity,
                ["in_stock"] = !Availability.ShortForUsualQuantity,
            },
            ["receivables"] = Receivables is null || Receivables.OverdueAmount <= 0 ? null : new Dictionary<string, object?>
            {
                ["overdue_amount"] = Amounts.MoneyNumber(Receivables.OverdueAmount, Receivables.Currency, culture), ["currency"] = Receivables.Currency,
                ["oldest_due_date"] = Date(Receivables.OldestDueDate), ["invoices"] = Receivables.OverdueInvoices,
            },
            ["quote"] = OpenQuote is null ? null : new Dictionary<string, object?>
            {
                ["name"] = OpenQuote.Name, ["amount"] = Number(OpenQuote.Amount), ["expected_close"] = Date(OpenQuote.ExpectedClose),
            },
            ["why_now"] = WhyNow(culture),
            ["today"] = Date(Today),
            ["days_since_activity"] = DaysSinceActivity,
            ["late_since"] = Date(LateSince),
        };
    }
}
