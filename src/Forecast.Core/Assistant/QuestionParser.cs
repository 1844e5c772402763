using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Forecast.Modeling.Customers;

namespace Forecast.Core.Assistant;

/// <summary>
/// Takes a rep's question apart without any external service: language by script, intent by keywords, the cities,
/// people and products it names. Company names are not extracted here: the matcher looks for each of the rep's
/// customers' names in <see cref="ParsedQuestion.Normalized"/>, which is robust to how the rest of the question is worded.
/// </summary>
public static partial class QuestionParser
{
    public const string Chinese = "zh-TW";
    public const string English = "en";

    /// <summary>Taiwan's cities and counties (Han without 市/縣, romanised as Taiwanese write them), and export customers' cities.</summary>
    public static IReadOnlyList<(string Han, string Latin)> KnownCities { get; } =
    [
        ("台北", "taipei"), ("新北", "new taipei"), ("桃園", "taoyuan"), ("新竹", "hsinchu"), ("苗栗", "miaoli"), ("台中", "taichung"),
        ("彰化", "changhua"), ("南投", "nantou"), ("雲林", "yunlin"), ("嘉義", "chiayi"), ("台南", "tainan"), ("高雄", "kaohsiung"),
        ("屏東", "pingtung"), ("基隆", "keelung"), ("宜蘭", "yilan"), ("花蓮", "hualien"), ("台東", "taitung"),
    ];

    /// <summary>The usual romanisations of common Taiwanese surnames (Wade-Giles as Taiwan writes them, and pinyin).</summary>
    public static IReadOnlyDictionary<string, string[]> SurnameSpellings { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["陳"] = ["chen", "chan", "tan"], ["林"] = ["lin", "lim"], ["黃"] = ["huang", "wong", "ng"], ["張"] = ["chang", "zhang", "cheung"],
        ["李"] = ["lee", "li"], ["王"] = ["wang", "ong"], ["吳"] = ["wu", "ng"], ["劉"] = ["liu", "lau"], ["蔡"] = ["tsai", "cai", "choi"],
        ["楊"] = ["yang", "yeung"], ["許"] = ["hsu", "xu"], ["鄭"] = ["cheng", "zheng"], ["謝"] = ["hsieh", "xie"], ["郭"] = ["kuo", "guo"],
        ["洪"] = ["hung", "hong"], ["曾"] = ["tseng", "zeng"], ["邱"] = ["chiu", "qiu"], ["廖"] = ["liao"], ["賴"] = ["lai"],
        ["周"] = ["chou", "zhou"], ["徐"] = ["hsu", "xu"], ["蘇"] = ["su"], ["葉"] = ["yeh", "ye"], ["莊"] = ["chuang", "zhuang"],
        ["呂"] = ["lu", "lyu"], ["江"] = ["chiang", "jiang"], ["何"] = ["ho", "he"], ["蕭"] = ["hsiao", "xiao"], ["羅"] = ["lo", "luo"],
        ["高"] = ["kao", "gao"], ["簡"] = ["chien", "jian"], ["朱"] = ["chu", "zhu"], ["鍾"] = ["chung", "zhong"], ["游"] = ["yu", "you"],
    };

    // Product words reps say in Chinese, and the English words the catalogue names those products by.
    private static readonly (string Han, string Stem)[] ProductWords =
    [
        ("軸承", "bearing"), ("刀片", "insert"), ("鑽頭", "drill"), ("銑刀", "mill"), ("切削液", "coolant"), ("冷卻液", "coolant"),
        ("濾心", "filter"), ("濾芯", "filter"), ("砂輪", "grinding"), ("潤滑油", "lubricant"), ("導軌油", "lubricant"),
        ("滾珠螺桿", "screw"), ("螺桿", "screw"), ("線性滑軌", "guideway"), ("滑軌", "guideway"), ("聯軸器", "coupling"),
        ("主軸", "spindle"), ("油壓閥", "valve"), ("閥", "valve"), ("驅動板", "board"), ("防鏽油", "rust"), ("風扇", "fan"),
    ];

    private static readonly string[] InvoiceZh = ["發票", "帳款", "應收", "付款", "欠款", "逾期", "收款", "貨款", "請款", "對帳", "帳單"];
    private static readonly string[] InvoiceEn = ["invoice", "invoiced", "overdue", "unpaid", "payment", "pay", "paid", "owe", "owes", "receivable", "bill", "bills"];
    private static readonly string[] ContactZh = ["聯絡", "聯繫", "拜訪", "通話", "打電話", "見面", "來電", "找過", "談過"];
    private static readonly string[] ContactEn = ["contact", "contacted", "call", "called", "visit", "visited", "talk", "talked", "spoke", "spoken", "meeting", "met", "touch"];
    private static readonly string[] ShipmentZh = ["出貨", "交貨", "到貨", "送貨", "寄出", "交期", "出了", "送到", "發貨", "運送", "什麼時候到", "何時到"];
    private static readonly string[] ShipmentEn = ["ship", "shipped", "shipping", "shipment", "deliver", "delivered", "delivery", "arrive", "arrives", "eta", "dispatch", "dispatched"];

    /// <summary>Honorifics after a surname, longest first so 老闆娘 is not read as 老闆.</summary>
    [GeneratedRegex("(?<surname>\\p{IsCJKUnifiedIdeographs})(?<title>老闆娘|總經理|董事長|副總|老闆|經理|先生|小姐|太太|協理|課長|廠長|主任|襄理|專員|董|總|姐|哥)")]
    private static partial Regex HanTitle();

    [GeneratedRegex("\\b(?:mr|mrs|ms|miss|dr|mister|madam)\\.?\\s+(?<name>[a-z][a-z\\-]+)")]
    private static partial Regex LatinTitle();

    [GeneratedRegex("\\b(?<name>[a-z][a-z\\-]+)['’]s\\b")]
    private static partial Regex LatinPossessive();

    /// <summary>Folds what carries no meaning here: full-width forms, case, and 臺 against 台.</summary>
    public static string Fold(string? text) =>
        (text ?? "").Normalize(NormalizationForm.FormKC).Replace('臺', '台').ToLowerInvariant();

    /// <summary>Only letters and digits: how names are looked for inside Chinese text, which has no spaces.</summary>
    public static string Compact(string? text)
    {
        var sb = new StringBuilder();
        foreach (var c in Fold(text))
        {
            if (char.IsLetterOrDigit(c))
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The Latin words of a text, lower case, possessive <c>'s</c> dropped.</summary>
    public static IReadOnlyList<string> WordsOf(string? text)
    {
        var words = new List<string>();
        var folded = Fold(text).Replace("'s ", " ", StringComparison.Ordinal).Replace("’s ", " ", StringComparison.Ordinal);
        if (folded.EndsWith("'s", StringComparison.Ordinal) || folded.EndsWith("’s", StringComparison.Ordinal))
            folded = folded[..^2];
        var current = new StringBuilder();
        foreach (var c in folded + " ")
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
            {
                current.Append(c);
            }
            else if (c is '.' or '\'' or '’')
            {
                continue;
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString().Trim('-'));
                current.Clear();
            }
        }
        return words.Where(w => w.Length > 0).ToList();
    }

    /// <summary>A city as canonical text: Han without 市/縣 and with 台 for 臺 for Taiwan (<c>Tainan</c> → <c>台南</c>), else folded Latin.</summary>
    public static string? CanonicalCity(string? city)
    {
        var folded = Fold(city).Trim();
        if (folded.Length == 0)
            return null;
        foreach (var (han, latin) in KnownCities)
        {
            if (folded.StartsWith(han, StringComparison.Ordinal) || folded == latin || folded == latin + " city" || folded.Replace(" ", "", StringComparison.Ordinal) == latin.Replace(" ", "", StringComparison.Ordinal))
                return han;
        }
        return folded.TrimEnd('市', '縣');
    }

    /// <summary>English plural to singular, crudely: enough for "bearings", "filters", "guideways", "boxes".</summary>
    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
            return word[..^3] + "y";
        if (word.Length > 4 && (word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("sses", StringComparison.Ordinal)))
            return word[..^2];
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }

    public static ParsedQuestion Parse(string question)
    {
        var folded = Fold(question);
        var compact = Compact(question);
        var chinese = folded.Any(CompanyName.IsHan);
        var words = WordsOf(question);
        // "invoices" asks what "invoice" does.
        var wordSet = words.Concat(words.Select(Stem)).ToHashSet(StringComparer.Ordinal);
        var spaced = " " + string.Join(' ', words) + " ";

        var intent = chinese
            ? InvoiceZh.Any(compact.Contains) ? AssistantIntent.Invoice
                : ContactZh.Any(compact.Contains) ? AssistantIntent.LastContact
                : ShipmentZh.Any(compact.Contains) ? AssistantIntent.Shipment
                : AssistantIntent.OrderStatus
            : InvoiceEn.Any(wordSet.Contains) ? AssistantIntent.Invoice
                : ContactEn.Any(wordSet.Contains) || spaced.Contains(" hear from ", StringComparison.Ordinal) ? AssistantIntent.LastContact
                : ShipmentEn.Any(wordSet.Contains) || spaced.Contains(" when will ", StringComparison.Ordinal) ? AssistantIntent.Shipment
                : AssistantIntent.OrderStatus;

        var cities = KnownCities
            .Where(c => compact.Contains(c.Han, StringComparison.Ordinal) || spaced.Contains(" " + c.Latin + " ", StringComparison.Ordinal))
            .Select(c => c.Han)
            .ToList();
        // "New Taipei" names 新北, not 台北 as well.
        if (cities.Contains("新北") && !compact.Contains("台北", StringComparison.Ordinal))
            cities.Remove("台北");

        var people = new List<PersonMention>();
        foreach (Match m in HanTitle().Matches(compact))
            people.Add(new PersonMention(m.Value, m.Groups["surname"].Value));
        foreach (Match m in LatinTitle().Matches(folded))
            people.Add(new PersonMention(m.Groups["name"].Value, m.Groups["name"].Value));
        foreach (Match m in LatinPossessive().Matches(folded))
            people.Add(new PersonMention(m.Groups["name"].Value, m.Groups["name"].Value));

        var products = ProductWords.Where(p => compact.Contains(p.Han, StringComparison.Ordinal)).Select(p => p.Stem)
            .Concat(words.Where(w => w.Length > 2).Select(Stem))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new ParsedQuestion(question, chinese ? Chinese : English, intent, compact, words, cities, people, products);
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
