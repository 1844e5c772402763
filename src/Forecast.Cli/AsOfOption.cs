using System.CommandLine;
using System.Globalization;

namespace Forecast.Cli;

/// <summary>The <c>--as-of yyyy-MM-dd</c> option every command shares: parsed once, with an error a person can act on.</summary>
internal static class AsOfOption
{
    public static Option<DateOnly?> Create(string description) => new("--as-of")
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return date;
            result.AddError($"--as-of '{text}' is not a date like 2026-11-27 (yyyy-MM-dd).");
            return null;
        },
    };

    /// <summary>What every command says about the default.</summary>
    public const string DefaultText = "Default: the last day with data (in the business time zone, Schedule:TimeZone).";
}
