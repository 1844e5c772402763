using System.Globalization;
using System.Text;

namespace Forecast.DemoWorld;

/// <summary>
/// Name material for a Taiwanese machine-parts market: company names in Traditional Chinese with their romanised
/// (Wade-Giles, as Taiwanese companies write them) English names, foreign customers, people, and the many ways
/// a CRM user types the same company differently from the ERP.
/// </summary>
internal static class DemoNames
{
    // Syllables with the romanisation Taiwanese firms use. Several share a romanisation (大/達 Ta, 同/東 Tung):
    // distinct Chinese names can look alike in English, as in real life.
    private static readonly (string Han, string Latin)[] Syllables =
    [
        ("大", "Ta"), ("同", "Tung"), ("永", "Yung"), ("信", "Hsin"), ("台", "Tai"), ("興", "Hsing"), ("金", "Chin"),
        ("豐", "Feng"), ("華", "Hua"), ("明", "Ming"), ("東", "Tung"), ("源", "Yuan"), ("聯", "Lien"), ("成", "Cheng"),
        ("昌", "Chang"), ("茂", "Mao"), ("鴻", "Hung"), ("偉", "Wei"), ("達", "Ta"), ("全", "Chuan"), ("光", "Kuang"),
        ("新", "Hsin"), ("長", "Chang"), ("寶", "Pao"), ("億", "Yi"), ("祥", "Hsiang"), ("泰", "Tai"), ("富", "Fu"),
        ("正", "Cheng"), ("宏", "Hung"), ("益", "Yi"), ("勝", "Sheng"), ("隆", "Lung"), ("裕", "Yu"), ("佳", "Chia"),
        ("順", "Shun"), ("德", "Te"), ("榮", "Jung"), ("亞", "Ya"), ("允", "Yun"), ("喬", "Chiao"), ("協", "Hsieh"),
    ];

    internal static readonly (string Han, string Latin, string Abbrev)[] Trades =
    [
        ("精密", "Precision", "prec"), ("精機", "Precision Machinery", "pm"), ("機械", "Machinery", "mach"),
        ("五金", "Hardware", "hw"), ("刀具", "Cutting Tools", "tools"), ("科技", "Technology", "tech"),
        ("金屬", "Metal", "metal"), ("機電", "Electromechanical", "em"), ("鋼鐵", "Steel", "steel"),
        ("自動化", "Automation", "auto"), ("模具", "Mold", "mold"), ("齒輪", "Gear", "gear"), ("油壓", "Hydraulic", "hyd"),
        ("軸承", "Bearing", "bearing"), ("機床", "Machine Tool", "mt"),
    ];

    private static readonly (string Han, string Latin, string Territory)[] Cities =
    [
        ("台北", "Taipei", "North"), ("新北", "New Taipei", "North"), ("桃園", "Taoyuan", "North"), ("新竹", "Hsinchu", "North"),
        ("台中", "Taichung", "Central"), ("彰化", "Changhua", "Central"), ("南投", "Nantou", "Central"),
        ("台南", "Tainan", "South"), ("高雄", "Kaohsiung", "South"), ("屏東", "Pingtung", "South"),
    ];

    private static readonly string[] ForeignSurnames =
    [
        "Keller", "Weber", "Becker", "Hoffmann", "Schmid", "Walker", "Carter", "Mason", "Reed", "Parker", "Hughes",
        "Foster", "Yamada", "Tanaka", "Suzuki", "Kato", "Nguyen", "Tran", "Pham", "Le", "Somchai", "Wong", "Tan", "Lim",
        "Apex", "Summit", "Pioneer", "Northstar", "Keystone", "Ironwood", "Bluewater", "Redline", "Granite", "Vertex",
    ];

    private static readonly (string Country, string Tld, string[] Words, string[] Suffixes)[] ForeignStyles =
    [
        ("US", "com", ["Tooling", "Machine Works", "Precision", "Manufacturing", "Industrial Supply", "Fabrication"], ["Inc.", "LLC", "Corp."]),
        ("DE", "de", ["Werkzeug", "Maschinenbau", "Präzisionstechnik", "Zerspanung", "Antriebstechnik"], ["GmbH", "GmbH & Co. KG", "AG"]),
        ("JP", "co.jp", ["Seiki", "Kogyo", "Tekko", "Seimitsu", "Kikai"], ["Co., Ltd.", "K.K.", "Corporation"]),
        ("VN", "vn", ["Mechanical", "Precision Engineering", "Industrial", "Metal Works"], ["Co., Ltd.", "JSC"]),
        ("TH", "co.th", ["Engineering", "Precision Parts", "Industrial Supply"], ["Co., Ltd.", "Public Co., Ltd."]),
        ("MY", "com.my", ["Engineering", "Machinery", "Industrial"], ["Sdn. Bhd.", "Bhd."]),
    ];

    private static readonly string[] HanSurnames = ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪", "曾", "邱", "廖"];
    private static readonly string[] HanSurnamesLatin = ["Chen", "Lin", "Huang", "Chang", "Lee", "Wang", "Wu", "Liu", "Tsai", "Yang", "Hsu", "Cheng", "Hsieh", "Kuo", "Hung", "Tseng", "Chiu", "Liao"];
    private static readonly string[] HanGiven = ["志明", "淑芬", "俊傑", "雅婷", "建宏", "美玲", "家豪", "怡君", "宗翰", "佩珊", "冠宇", "惠如", "承恩", "欣怡", "文雄", "秀英", "明輝", "靜怡"];
    private static readonly string[] HanGivenLatin = ["Chih-Ming", "Shu-Fen", "Chun-Chieh", "Ya-Ting", "Chien-Hung", "Mei-Ling", "Chia-Hao", "Yi-Chun", "Tsung-Han", "Pei-Shan", "Kuan-Yu", "Hui-Ju", "Cheng-En", "Hsin-Yi", "Wen-Hsiung", "Hsiu-Ying", "Ming-Hui", "Ching-Yi"];
    private static readonly string[] EnglishGiven = ["Kevin", "Amy", "Jason", "Vivian", "Eric", "Grace", "Peter", "Linda", "Michael", "Sandy", "David", "Cindy", "Frank", "Tina", "Allen", "Joyce", "Thomas", "Anna", "Stefan", "Yuki", "Minh", "Niran"];
    private static readonly string[] FreeMail = ["gmail.com", "yahoo.com.tw", "hotmail.com", "msa.hinet.net", "ms1.hinet.net", "outlook.com"];

    public static string FreeMailDomain(Random rng) => rng.Pick(FreeMail);

    /// <summary>A new company name pair (Chinese, English) with its territory and a domain stem.</summary>
    public static (string Chinese, string English, string Territory, string DomainStem) Domestic(Random rng, int? brandFrom = null, (string Han, string Latin, string Abbrev)? trade = null)
    {
        var first = Syllables[brandFrom ?? rng.Next(Syllables.Length)];
        var second = Syllables[rng.Next(Syllables.Length)];
        while (second.Han == first.Han)
            second = Syllables[rng.Next(Syllables.Length)];
        var t = trade ?? Trades[rng.Next(Trades.Length)];
        var city = rng.Chance(0.18) ? Cities[rng.Next(Cities.Length)] : default;
        var territory = city.Territory ?? rng.Pick(["North", "North", "Central", "Central", "Central", "South", "South"]);
        var industrial = rng.Chance(0.35);
        var brandLatin = first.Latin + second.Latin.ToLowerInvariant();
        var chinese = (city.Han ?? "") + first.Han + second.Han + t.Han + (industrial ? "工業" : "") + (rng.Chance(0.6) ? "股份有限公司" : "有限公司");
        var legal = rng.NextDouble() switch { < 0.7 => "Co., Ltd.", < 0.9 => "Corp.", _ => "Inc." };
        var english = (city.Latin is null ? "" : city.Latin + " ") + brandLatin + " " + t.Latin + (industrial ? " Industrial " : " ") + legal;
        var stem = brandLatin.ToLowerInvariant() + (rng.Chance(0.5) ? "-" : "") + t.Abbrev;
        return (chinese, english, territory, stem);
    }

    /// <summary>The same brand with another trade: a sister company or a namesake, easily confused.</summary>
    public static (string Chinese, string English, string Territory, string DomainStem) TwinOf(Random rng, string chinese)
    {
        var firstIndex = Array.FindIndex(Syllables, s => chinese.Contains(s.Han, StringComparison.Ordinal));
        var trade = Trades[rng.Next(Trades.Length)];
        while (chinese.Contains(trade.Han, StringComparison.Ordinal))
            trade = Trades[rng.Next(Trades.Length)];
        return Domestic(rng, firstIndex >= 0 ? firstIndex : null, trade);
    }

    public static (string Name, string Country, string DomainStem, string Tld) Foreign(Random rng)
    {
        var style = ForeignStyles[rng.Next(ForeignStyles.Length)];
        var surname = rng.Pick(ForeignSurnames);
        var word = rng.Pick(style.Words);
        var name = surname + " " + word + " " + rng.Pick(style.Suffixes);
        var stem = (surname + (rng.Chance(0.5) ? "-" : "") + word.Split(' ')[0]).ToLowerInvariant()
            .Replace("ä", "ae", StringComparison.Ordinal);
        return (name, style.Country, stem, style.Tld);
    }

    /// <summary>A Taiwanese 統一編號: eight digits whose weighted digit sum (weights 1,2,1,2,1,2,4,1) is divisible by 10.</summary>
    public static string TaxId(Random rng)
    {
        int[] weights = [1, 2, 1, 2, 1, 2, 4, 1];
        var digits = new int[8];
        for (var i = 0; i < 7; i++)
            digits[i] = rng.Next(10);
        var sum = 0;
        for (var i = 0; i < 7; i++)
        {
            var p = digits[i] * weights[i];
            sum += (p / 10) + (p % 10);
        }
        digits[7] = (10 - (sum % 10)) % 10;
        return string.Concat(digits.Select(d => d.ToString(CultureInfo.InvariantCulture)));
    }

    public static (string Name, string Latin) Person(Random rng, bool chinese)
    {
        var s = rng.Next(HanSurnames.Length);
        var g = rng.Next(HanGiven.Length);
        if (chinese)
            return (HanSurnames[s] + HanGiven[g], HanGivenLatin[g] + " " + HanSurnamesLatin[s]);
        var english = rng.Pick(EnglishGiven) + " " + (rng.Chance(0.6) ? HanSurnamesLatin[s] : rng.Pick(ForeignSurnames));
        return (english, english);
    }

    private static readonly string[] Districts = ["中正", "東", "西", "北", "南", "中", "安平", "永康", "仁德", "三民", "大里", "板橋", "中壢", "竹北", "鹿港"];
    private static readonly string[] Roads = ["中山", "中正", "民生", "民族", "建國", "復興", "工業", "成功", "光明", "和平", "自強", "大同"];
    private static readonly Dictionary<string, string> ForeignCities = new()
    {
        ["US"] = "Chicago", ["DE"] = "Stuttgart", ["JP"] = "Nagoya", ["VN"] = "Ho Chi Minh City", ["TH"] = "Bangkok", ["MY"] = "Penang",
    };

    /// <summary>
    /// The city and street address a CRM user types for the company: a domestic company in a city of its territory (the
    /// one in its name if it has one), written in Chinese; an export customer in its country's industrial city, in English.
    /// </summary>
    public static (string City, string Address) Place(Random rng, string chineseName, string territory, bool domestic, string country)
    {
        if (!domestic)
        {
            var foreignCity = ForeignCities.GetValueOrDefault(country, "Singapore");
            return (foreignCity, $"{rng.Next(1, 400).ToString(CultureInfo.InvariantCulture)} Industrial Park Road, {foreignCity}");
        }
        var named = Cities.Where(c => chineseName.StartsWith(c.Han, StringComparison.Ordinal)).ToList();
        var city = named.Count > 0 ? named[0] : rng.Pick(Cities.Where(c => c.Territory == territory).DefaultIfEmpty(Cities[0]).ToList());
        var han = city.Han + "市";
        // Half the CRM users write 臺 where the city's name has 台, as official documents do.
        var written = rng.Chance(0.5) ? han.Replace("台", "臺", StringComparison.Ordinal) : han;
        var address = $"{written}{rng.Pick(Districts)}區{rng.Pick(Roads)}路{rng.Next(1, 300).ToString(CultureInfo.InvariantCulture)}號";
        return (written, address);
    }

    /// <summary>What a rep calls a contact: 張老闆, 林經理, 阿明 (from a Chinese name), a first name, or nothing.</summary>
    public static string? Nickname(Random rng, string name, bool chinese)
    {
        var draw = rng.NextDouble();
        if (!chinese)
            return draw < 0.3 ? name.Split(' ')[0] : null;
        return draw switch
        {
            < 0.35 => name[..1] + "老闆",
            < 0.55 => name[..1] + "經理",
            < 0.75 => "阿" + name[^1..],
            _ => null,
        };
    }

    /// <summary>A mailbox name from a romanised person name: <c>chihming.chen</c>.</summary>
    public static string Mailbox(string latinName)
    {
        var parts = latinName.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 1 ? parts[0] : parts[0] + "." + parts[^1];
    }

    public static string Phone(Random rng, string country) => country switch
    {
        "TW" => $"+886-{rng.Pick(["2", "3", "4", "5", "6", "7"])}-{rng.Next(2000, 2999)}-{rng.Next(1000, 9999)}",
        "US" => $"+1-{rng.Next(201, 989)}-{rng.Next(200, 999)}-{rng.Next(1000, 9999)}",
        "DE" => $"+49-{rng.Next(30, 999)}-{rng.Next(100000, 9999999)}",
        "JP" => $"+81-{rng.Next(3, 99)}-{rng.Next(1000, 9999)}-{rng.Next(1000, 9999)}",
        _ => $"+{rng.Pick(["84", "66", "60"])}-{rng.Next(2, 99)}-{rng.Next(1000000, 9999999)}",
    };

    /// <summary>
    /// How a CRM user writes a company the ERP knows as <paramref name="chinese"/> / <paramref name="english"/>:
    /// the other language, a different or missing legal form, full-width letters, case, punctuation, the 台/臺 variant,
    /// and now and then a typo.
    /// </summary>
    public static string CrmVariant(Random rng, string chinese, string english, bool domestic, out bool typo)
    {
        typo = false;
        if (domestic && rng.Chance(0.55))
        {
            var core = StripHan(chinese);
            // The city in front is often left out in the CRM, now and then added.
            var city = Cities.FirstOrDefault(c => core.StartsWith(c.Han, StringComparison.Ordinal));
            if (city.Han is not null && rng.Chance(0.3))
                core = core[city.Han.Length..];
            else if (city.Han is null && rng.Chance(0.04))
                core = Cities[rng.Next(Cities.Length)].Han + core;
            var dropIndustrial = rng.Chance(0.08) && core.EndsWith("工業", StringComparison.Ordinal);
            if (dropIndustrial)
                core = core[..^2];
            if (rng.Chance(0.35) && core.Contains('台', StringComparison.Ordinal))
                core = core.Replace('台', '臺');
            if (rng.Chance(0.05) && core.Length > 3)
                core = core[..2] + " " + core[2..];
            var suffix = rng.NextDouble() switch
            {
                < 0.35 => "股份有限公司",
                < 0.55 => "有限公司",
                < 0.70 => "(股)公司",
                < 0.78 => "（股）公司",
                _ => "",
            };
            return core + suffix;
        }

        var name = StripLatinLegal(english);
        var latinCity = Cities.FirstOrDefault(c => name.StartsWith(c.Latin + " ", StringComparison.Ordinal));
        if (latinCity.Latin is not null && rng.Chance(0.3))
            name = name[(latinCity.Latin.Length + 1)..];
        if (rng.Chance(0.3))
        {
            // Romanised brands are written joined, hyphenated or split: Tatung, Ta-Tung, Ta Tung.
            var space = name.IndexOf(' ', StringComparison.Ordinal);
            var brand = space > 0 ? name[..space] : name;
            var split = SplitBrand(brand);
            if (split is not null)
                name = (rng.Chance(0.5) ? split.Value.A + "-" + split.Value.B : split.Value.A + " " + split.Value.B) + name[brand.Length..];
        }
        if (rng.Chance(domestic ? 0.08 : 0.1))
        {
            name = Typo(rng, name);
            typo = true;
        }
        var legal = rng.NextDouble() switch
        {
            < 0.25 => " Co., Ltd.",
            < 0.40 => " Co.,Ltd",
            < 0.50 => " CO LTD",
            < 0.58 => " Company Limited",
            < 0.66 => " Corp.",
            < 0.72 => " Inc.",
            _ => "",
        };
        name += domestic ? legal : legal.Length > 0 && rng.Chance(0.5) ? legal : " " + LatinLegalOf(english);
        name = name.TrimEnd();
        var style = rng.NextDouble();
        if (style < 0.18)
            name = name.ToUpperInvariant();
        else if (style < 0.22)
            name = name.ToLowerInvariant();
        if (rng.Chance(0.05))
            name = ToFullWidth(name);
        return name;
    }

    public static string StripHan(string chinese)
    {
        foreach (var suffix in (string[])["股份有限公司", "有限公司"])
        {
            if (chinese.EndsWith(suffix, StringComparison.Ordinal))
                return chinese[..^suffix.Length];
        }
        return chinese;
    }

    private static readonly string[] LatinLegalForms =
        ["GmbH & Co. KG", "Public Co., Ltd.", "Co., Ltd.", "Corporation", "Sdn. Bhd.", "Corp.", "Inc.", "LLC", "GmbH", "AG", "K.K.", "JSC", "Bhd."];

    public static string StripLatinLegal(string english)
    {
        foreach (var legal in LatinLegalForms)
        {
            if (english.EndsWith(" " + legal, StringComparison.Ordinal))
                return english[..^(legal.Length + 1)];
        }
        return english;
    }

    private static string LatinLegalOf(string english)
    {
        foreach (var legal in LatinLegalForms)
        {
            if (english.EndsWith(" " + legal, StringComparison.Ordinal))
                return legal;
        }
        return "";
    }

    private static (string A, string B)? SplitBrand(string brand)
    {
        foreach (var (_, latin) in Syllables)
        {
            if (brand.Length > latin.Length && brand.StartsWith(latin, StringComparison.Ordinal))
            {
                var rest = brand[latin.Length..];
                if (Syllables.Any(s => string.Equals(s.Latin, rest, StringComparison.OrdinalIgnoreCase)))
                    return (latin, char.ToUpperInvariant(rest[0]) + rest[1..]);
            }
        }
        return null;
    }

    /// <summary>One slip of the finger inside a word longer than four letters (never in the first three letters).</summary>
    private static string Typo(Random rng, string name)
    {
        var candidates = Enumerable.Range(3, Math.Max(0, name.Length - 4)).Where(i => char.IsLetter(name[i]) && char.IsLetter(name[i + 1])).ToList();
        if (candidates.Count == 0)
            return name;
        var i = rng.Pick(candidates);
        return rng.Next(3) switch
        {
            0 => name[..i] + name[i + 1] + name[i] + name[(i + 2)..],
            1 => name.Remove(i, 1),
            _ => name.Insert(i, name[i].ToString()),
        };
    }

    private static string ToFullWidth(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(c == ' ' ? '\u3000' : c is > ' ' and <= '~' ? (char)(c + 0xFEE0) : c);
        return sb.ToString();
    }
}
