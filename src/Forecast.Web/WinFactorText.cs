using Forecast.Core.CustomerView;
using Microsoft.Extensions.Localization;

namespace Forecast.Web;

/// <summary>A win-probability factor as the reader reads it: its template translated and filled with its values.</summary>
public static class WinFactorText
{
    /// <summary>
    /// The translated sentence when the template has a translation in the request culture; the stored English sentence
    /// otherwise (English readers, a template that is only values such as "{0} {1}", factors scored before templates were kept).
    /// </summary>
    public static string Sentence(WinFactorView factor, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentNullException.ThrowIfNull(text);
        if (factor.Template is null)
            return factor.Text;
        var translated = text[factor.Template, [.. factor.Args ?? []]];
        return translated.ResourceNotFound ? factor.Text : translated.Value;
    }
}
