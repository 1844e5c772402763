using System.Globalization;

namespace Forecast.Core.Formatting;

/// <summary>
/// How quantities and money read to people, the one rule for the pages and the emails: countable units (PCS, EA, SET,
/// BOX...) in whole units, money with its currency and that currency's minor units.
/// </summary>
public static class Amounts
{
    // Units that come in whole pieces; a fraction of one is an artefact of averaging, not something to order or ship.
    private static readonly HashSet<string> Countable = new(StringComparer.OrdinalIgnoreCase)
    {
        "pc", "pcs", "piece", "pieces", "ea", "each", "unit", "units", "set", "sets", "box", "boxes", "bx", "ctn", "carton", "cartons",
        "pk", "pack", "packs", "pair", "pairs", "pr", "roll", "rolls", "can", "cans", "btl", "bottle", "bottles", "bag", "bags", "drum", "drums",
        "個", "支", "件", "套", "盒", "箱", "包", "瓶", "罐", "組", "捲", "雙", "片",
    };

    // ISO 4217 currencies without minor units in everyday use (TWD has cents on paper, but nobody invoices them).
    private static readonly HashSet<string> NoMinorUnits = new(StringComparer.OrdinalIgnoreCase) { "TWD", "NTD", "JPY", "KRW", "VND", "IDR", "CLP", "ISK" };

    public static bool IsCountable(string? unit) => unit is not null && Countable.Contains(unit.Trim());

    /// <summary>
    /// A quantity someone must have or order (usual order, reorder point, suggested order): rounded up to a whole unit for
    /// countable units, since 62.5 pieces means 63 are needed. Other units keep their fraction.
    /// </summary>
    public static decimal Needed(decimal quantity, string? unit) => IsCountable(unit) ? decimal.Ceiling(quantity) : quantity;

    /// <summary>A quantity someone has (stock available): rounded down for countable units, since half a piece cannot ship.</summary>
    public static decimal Available(decimal quantity, string? unit) => IsCountable(unit) ? decimal.Floor(quantity) : quantity;

    /// <summary>Decimals a currency's amounts show: none for TWD, JPY...; two otherwise (and when the currency is unknown).</summary>
    public static int Decimals(string? currency) => currency is not null && NoMinorUnits.Contains(currency.Trim()) ? 0 : 2;

    /// <summary>"TWD 45,963", "USD 1,234.50", "-TWD 67,289": the code first so amounts in a column line up, a plain minus sign.</summary>
    public static string Money(decimal amount, string? currency, CultureInfo culture)
    {
        var decimals = Decimals(currency);
        var number = Math.Abs(Math.Round(amount, decimals, MidpointRounding.AwayFromZero)).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), culture);
        var code = string.IsNullOrWhiteSpace(currency) ? "" : currency.Trim().ToUpperInvariant() + " ";
        return (amount < 0 && number.Any(c => c is >= '1' and <= '9') ? "-" : "") + code + number;
    }

    /// <summary>The number alone in the currency's decimals, for templates that print the code themselves.</summary>
    public static string MoneyNumber(decimal amount, string? currency, CultureInfo culture) =>
        Math.Round(amount, Decimals(currency), MidpointRounding.AwayFromZero).ToString("N" + Decimals(currency).ToString(CultureInfo.InvariantCulture), culture);
}
