using System.Globalization;
using Forecast.Core.Formatting;

namespace Forecast.Web;

/// <summary>How the pages show numbers and dates: always in the request culture (en or zh-TW), one rule per kind of value.</summary>
public static class Display
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    // Per request, like the culture: the business time zone (Schedule:TimeZone) the request runs in. A server's own
    // zone is usually UTC, which no one in a Taipei office reads their day in.
    private static readonly AsyncLocal<TimeZoneInfo?> RequestZone = new();

    /// <summary>The zone instants are shown in: set for each request from <c>Schedule:TimeZone</c>; UTC outside a request.</summary>
    public static TimeZoneInfo TimeZone
    {
        get => RequestZone.Value ?? TimeZoneInfo.Utc;
        set => RequestZone.Value = value;
    }

    public static string Date(DateOnly? day) => day?.ToString("d", Culture) ?? "–";

    /// <summary>An instant in the business time zone, labelled with its UTC offset ("12/7/2026 10:43 PM UTC+8") so a reader abroad is not misled.</summary>
    public static string Instant(DateTimeOffset? instant)
    {
        if (instant is not { } at)
            return "–";
        var local = TimeZoneInfo.ConvertTime(at, TimeZone);
        return $"{local.ToString("g", Culture)} {OffsetLabel(local.Offset)}";
    }

    /// <summary>"UTC", "UTC+8", "UTC+5:30", "UTC-3".</summary>
    public static string OffsetLabel(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
            return "UTC";
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0 ? $"UTC{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}" : $"UTC{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}:{abs.Minutes.ToString("00", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Whole units when the value is whole or large, one decimal otherwise (slow movers sell 0.4 a week).</summary>
    public static string Quantity(decimal value) => value.ToString(value == decimal.Truncate(value) || Math.Abs(value) >= 100 ? "N0" : "N1", Culture);

    public static string Quantity(double value) => double.IsFinite(value) ? Quantity((decimal)Math.Round(value, 1)) : "–";

    /// <summary>A quantity to have or order (reorder point, suggested order, usual order) in its unit: whole for countable units (see <see cref="Amounts"/>).</summary>
    public static string Quantity(decimal value, string? unit) => Quantity(Amounts.Needed(value, unit));

    public static string Quantity(double value, string? unit) => double.IsFinite(value) ? Quantity((decimal)value, unit) : "–";

    /// <summary>
    /// Amounts in several currencies (a customer billed in TWD and USD), each with its code: "TWD 45,963 · USD 1,200.00".
    /// "0" when there is nothing; an amount the ERP gave no currency is shown as a plain number.
    /// </summary>
    public static string Money(IEnumerable<Forecast.Core.CustomerView.CurrencyTotal> totals, Func<Forecast.Core.CustomerView.CurrencyTotal, decimal> amount)
    {
        var shown = totals.Where(t => amount(t) != 0).Select(t => t.Currency is null ? amount(t).ToString("N0", Culture) : Money(amount(t), t.Currency)).ToList();
        return shown.Count == 0 ? 0.ToString(Culture) : string.Join(" · ", shown);
    }

    /// <summary>One amount in one currency: "TWD 45,963".</summary>
    public static string Money(decimal value, string? currency) => Amounts.Money(value, currency, Culture);

    public static string Percent(double probability) =>
        double.IsFinite(probability) ? probability.ToString(probability is > 0 and < 0.01 ? "P1" : "P0", Culture) : "–";

    public static string Days(double? days) => days is { } d && double.IsFinite(d) ? d.ToString("N0", Culture) : "–";

    /// <summary>CSS class of a stock-out probability: high from 50%, mid from 20%.</summary>
    public static string RiskClass(double probability) => probability >= 0.5 ? "risk-high" : probability >= 0.2 ? "risk-mid" : "risk-low";
}
