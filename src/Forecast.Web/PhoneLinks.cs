using System.Text;
using System.Text.RegularExpressions;

namespace Forecast.Web;

/// <summary>
/// Phone numbers as the CRM keeps them ("02-2345-6789 ext. 12", "+886 (2) 2345 6789", "0912 345 678") turned into a
/// <c>tel:</c> link a phone dials (RFC 3966: digits and a leading +, an extension as <c>;ext=</c>).
/// </summary>
public static partial class PhoneLinks
{
    /// <summary>The <c>tel:</c> URI, or null when the text holds no digits to dial.</summary>
    public static string? Tel(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
            return null;
        var parts = Extension().Split(phone.Trim(), 2);
        var number = Dialable(parts[0], keepPlus: true);
        if (number.Trim('+').Length == 0)
            return null;
        var extension = parts.Length > 1 ? Dialable(parts[1], keepPlus: false) : "";
        return "tel:" + number + (extension.Length > 0 ? ";ext=" + extension : "");
    }

    private static string Dialable(string text, bool keepPlus)
    {
        var digits = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
                digits.Append(c);
            else if (c == '+' && keepPlus && digits.Length == 0)
                digits.Append(c);
        }
        return digits.ToString();
    }

    // "ext", "ext.", "x", "#" and 分機 (Taiwan's "extension") all start an extension.
    [GeneratedRegex(@"\s*(?:ext\.?|extension|x|#|分機)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extension();
}
