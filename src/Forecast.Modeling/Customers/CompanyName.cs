using System.Text;

namespace Forecast.Modeling.Customers;

/// <summary>Which writing system a company name is in; names in different scripts cannot be compared by spelling.</summary>
public enum NameScript
{
    /// <summary>No letters at all (empty, digits only).</summary>
    None,
    /// <summary>Latin letters only (English, romanised Chinese, German...).</summary>
    Latin,
    /// <summary>Contains Han characters (Traditional or Simplified Chinese, Japanese kanji).</summary>
    Han,
}

/// <summary>
/// A company name reduced to what identifies the company: Unicode NFKC (full-width to half-width), case folded,
/// punctuation and whitespace removed, legal forms (<c>Co., Ltd.</c>, <c>Inc.</c>, <c>GmbH</c>, <c>股份有限公司</c>,
/// <c>有限公司</c>, <c>(股)公司</c>...) stripped from the end, and <c>臺</c> written <c>台</c>.
/// </summary>
/// <remarks>
/// The standardisation step of record linkage before comparison (Christen, <i>Data Matching</i>, Springer 2012,
/// ch. 5 "Data pre-processing"): comparing cleaned keys removes the variation that carries no identity.
/// </remarks>
/// <param name="Original">The name as written in the source.</param>
/// <param name="Key">Identity key: letters and digits only, no spaces, no legal form (<c>tatungprecision</c>, <c>大同精密工業</c>).</param>
/// <param name="Core">The key without generic descriptors (<c>工業</c>, <c>Industrial</c>, <c>Enterprise</c>...): <c>大同精密</c>.</param>
/// <param name="Tokens">Words of the key for Latin names; the whole key for Han names (Chinese has no spaces).</param>
/// <param name="Script">The writing system.</param>
public sealed record CompanyName(string Original, string Key, string Core, IReadOnlyList<string> Tokens, NameScript Script)
{
    // Longest first, so 股份有限公司 is removed whole rather than leaving 股份.
    private static readonly string[] HanLegalSuffixes =
    [
        "股份有限公司", "有限责任公司", "有限責任公司", "股份公司", "有限公司", "(股)公司", "(有)公司", "(股)", "(有)",
        "分公司", "總公司", "企業社", "公司", "商行", "工作室", "工廠",
    ];

    private static readonly HashSet<string> LatinLegalTokens = new(StringComparer.Ordinal)
    {
        "co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "llc", "lp", "llp", "plc",
        "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "oy", "as", "pte", "pty",
        "kk", "jsc", "tbk", "bhd", "sdn", "cokg", "coltd", "pvt", "public",
    };

    private static readonly string[] HanGenericWords = ["工業", "實業", "企業", "国际", "國際", "貿易", "集團", "有限"];

    private static readonly HashSet<string> LatinGenericTokens = new(StringComparer.Ordinal)
    {
        "industrial", "industries", "industry", "ind", "enterprise", "enterprises", "ent", "international", "intl",
        "trading", "group", "holdings", "the", "and",
    };

    /// <summary>Normalises one name; never throws (an empty or null name gives an empty key).</summary>
    public static CompanyName Parse(string? name)
    {
        var original = name ?? "";
        var text = original.Normalize(NormalizationForm.FormKC).Replace('臺', '台').ToLowerInvariant();
        var script = text.Any(IsHan) ? NameScript.Han : text.Any(char.IsLetter) ? NameScript.Latin : NameScript.None;

        // Han legal forms are glued to the name; strip them (repeatedly: 大同(股)公司台中分公司 has two) before tokenising.
        text = StripHanSuffixes(script == NameScript.Han ? RemoveSpacesAroundHan(text) : text);

        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (c is '.' or '\'' or '’')
            {
                // "Co." and "O'Neil": the mark belongs to the word, not between words.
                continue;
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
            words.Add(current.ToString());

        // Legal forms come last ("ABC Co., Ltd.", "ABC GmbH & Co. KG"); keep at least one word.
        while (words.Count > 1 && (LatinLegalTokens.Contains(words[^1]) || words[^1] == "&"))
            words.RemoveAt(words.Count - 1);
        if (words.Count > 1 && words[0] == "the")
            words.RemoveAt(0);

        var key = string.Concat(words);
        if (script == NameScript.Han)
            key = StripHanSuffixes(key);

        string core;
        if (script == NameScript.Han)
        {
            core = key;
            foreach (var generic in HanGenericWords)
            {
                if (core.Length > generic.Length + 1 && core.EndsWith(generic, StringComparison.Ordinal))
                    core = core[..^generic.Length];
            }
        }
        else
        {
            var coreWords = words.Where(w => !LatinGenericTokens.Contains(w)).ToList();
            core = coreWords.Count > 0 ? string.Concat(coreWords) : key;
        }

        IReadOnlyList<string> tokens = script == NameScript.Han ? (key.Length > 0 ? [key] : []) : words;
        return new CompanyName(original, key, core, tokens, script);
    }

    /// <summary>True for CJK unified ideographs (the BMP blocks that company names use).</summary>
    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    private static string RemoveSpacesAroundHan(string text)
    {
        // "大同 精密 工業" and "大同精密工業" are the same name; Latin words inside keep their spaces.
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                var prev = sb.Length > 0 ? sb[^1] : ' ';
                var next = i + 1 < text.Length ? text[i + 1] : ' ';
                if (IsHan(prev) || IsHan(next))
                    continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string StripHanSuffixes(string text)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            var trimmed = text.TrimEnd(' ', '.', ',', '-');
            foreach (var suffix in HanLegalSuffixes)
            {
                if (trimmed.Length > suffix.Length && trimmed.EndsWith(suffix, StringComparison.Ordinal))
                {
                    text = trimmed[..^suffix.Length];
                    changed = true;
                    break;
                }
            }
        }
        return text.TrimEnd(' ', '.', ',', '-');
    }

    /// <inheritdoc />
    public override string ToString() => Key.Length > 0 ? Key : Original;
}
