using System.Globalization;
using System.Text;

namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>What a trade customer is in the real world, before any system writes it down.</summary>
internal sealed record Company(
    string Country,
    string RegisteredName,
    string? EnglishName,
    string? TaxId,
    string? Domain,
    string Brand,
    string Industry,
    string Region,
    string Language);

/// <summary>
/// Makes company identities for the markets a Kaohsiung distributor sells to: Taiwanese companies with a Chinese
/// registered name (and usually an English trade name), Japanese, Vietnamese, Thai, Malaysian, US and German ones.
/// Names are assembled from parts, so two unrelated companies can share a brand (a common situation in Taiwan).
/// </summary>
internal sealed class CompanyIdentities(int seed)
{
    private static readonly (string Zh, string En, string Region)[] Cities =
    [
        ("台北", "Taipei", "North"), ("新北", "New Taipei", "North"), ("桃園", "Taoyuan", "North"), ("新竹", "Hsinchu", "North"),
        ("台中", "Taichung", "Central"), ("彰化", "Changhua", "Central"), ("南投", "Nantou", "Central"),
        ("台南", "Tainan", "South"), ("高雄", "Kaohsiung", "South"), ("屏東", "Pingtung", "South"), ("嘉義", "Chiayi", "South"),
    ];

    /// <summary>Brand syllables with the Wade–Giles spelling Taiwanese companies use in their English names.</summary>
    private static readonly (string Zh, string En)[] Syllables =
    [
        ("鑫", "Hsin"), ("榮", "Jung"), ("聯", "Lien"), ("泰", "Tai"), ("昇", "Sheng"), ("豐", "Feng"), ("益", "Yi"), ("興", "Hsing"),
        ("達", "Ta"), ("佳", "Chia"), ("勝", "Sheng"), ("冠", "Kuan"), ("和", "Ho"), ("隆", "Lung"), ("源", "Yuan"), ("偉", "Wei"),
        ("億", "Yi"), ("鼎", "Ting"), ("晟", "Cheng"), ("茂", "Mao"), ("宏", "Hung"), ("全", "Chuan"), ("順", "Shun"), ("富", "Fu"),
        ("立", "Li"), ("信", "Hsin"), ("振", "Chen"), ("永", "Yung"), ("長", "Chang"), ("祥", "Hsiang"), ("凱", "Kai"), ("明", "Ming"),
        ("德", "Te"), ("金", "Chin"), ("華", "Hua"), ("新", "Hsin"), ("成", "Cheng"), ("光", "Kuang"), ("大", "Ta"), ("元", "Yuan"),
    ];

    /// <summary>What the company does: the Chinese and English words in its name, and the industry it buys for.</summary>
    private static readonly (string Zh, string En, string Industry)[] Cores =
    [
        ("精密", "Precision", "machinery"), ("金屬", "Metal", "machinery"), ("機械", "Machinery", "machinery"),
        ("五金", "Hardware", "construction"), ("工業", "Industrial", "machinery"), ("電子", "Electronics", "electronics"),
        ("電機", "Electric", "electronics"), ("汽車零件", "Auto Parts", "automotive"), ("車業", "Motor", "automotive"),
        ("家具", "Furniture", "furniture"), ("自行車", "Bicycle", "bicycle"), ("建材", "Building Materials", "construction"),
        ("鋼構", "Steel Structure", "construction"), ("自動化", "Automation", "machinery"), ("模具", "Mould", "machinery"),
        ("科技", "Technology", "electronics"),
    ];

    private static readonly (string Zh, string En)[] JapaneseSurnames =
    [
        ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("渡辺", "Watanabe"),
        ("伊藤", "Ito"), ("山本", "Yamamoto"), ("中村", "Nakamura"), ("小林", "Kobayashi"), ("加藤", "Kato"),
    ];

    private static readonly (string Ja, string En, string Industry)[] JapaneseCores =
    [
        ("精工", "Seiko", "machinery"), ("製作所", "Manufacturing", "machinery"), ("工業", "Industries", "machinery"),
        ("電機", "Electric", "electronics"), ("金属", "Metal", "automotive"),
    ];

    private static readonly (string Vi, string Ascii)[] VietnameseBrands =
    [
        ("Minh Phát", "Minh Phat"), ("Hưng Thịnh", "Hung Thinh"), ("Thành Công", "Thanh Cong"), ("Phú Cường", "Phu Cuong"),
        ("An Khang", "An Khang"), ("Đại Việt", "Dai Viet"), ("Tân Tiến", "Tan Tien"), ("Hoàng Long", "Hoang Long"),
    ];

    private static readonly (string Vi, string En, string Industry)[] VietnameseCores =
    [
        ("Cơ khí", "Mechanical", "machinery"), ("Kim loại", "Metal", "machinery"), ("Điện tử", "Electronics", "electronics"),
        ("Xây dựng", "Construction", "construction"), ("Nội thất", "Furniture", "furniture"),
    ];

    private static readonly string[] ThaiBrands = ["Siam", "Chao Phraya", "Rattana", "Sukhothai", "Lanna", "Ayutthaya"];
    private static readonly string[] MalaysianBrands = ["Sinar Jaya", "Perkasa", "Tan Brothers", "Lim Seng", "Mega Teguh", "Bintang"];
    private static readonly string[] AmericanNames = ["Hartley", "Brennan", "Whitfield", "Dalton", "Mercer", "Calloway", "Prescott", "Langford"];
    private static readonly string[] GermanNames = ["Müller", "Schneider", "Becker", "Hoffmann", "Krause", "Wagner", "Lehmann", "Brandt"];

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taxIds = new(StringComparer.Ordinal);
    private int _made;

    public static readonly (string Code, double Weight)[] Markets =
        [("TW", 0.72), ("VN", 0.07), ("TH", 0.05), ("MY", 0.04), ("JP", 0.05), ("US", 0.04), ("DE", 0.03)];

    /// <summary>A new company in a market drawn from <see cref="Markets"/>.</summary>
    public Company Next() => Next(WorldRandom.For(seed, "company-market", _made).Weighted(Markets));

    public Company Next(string country)
    {
        for (var attempt = 0; ; attempt++)
        {
            var random = WorldRandom.For(seed, "company", _made * 97 + attempt);
            var company = country switch
            {
                "TW" => Taiwanese(random, null),
                "JP" => Japanese(random),
                "VN" => Vietnamese(random),
                "TH" => Thai(random),
                "MY" => Malaysian(random),
                "US" => American(random),
                _ => German(random),
            };
            if (Claim(company))
            {
                _made++;
                return company;
            }
        }
    }

    /// <summary>
    /// An unrelated company that shares <paramref name="other"/>'s brand (same two syllables, different trade or town):
    /// the hard negative every Taiwanese customer list has.
    /// </summary>
    public Company NamesakeOf(Company other)
    {
        for (var attempt = 0; ; attempt++)
        {
            var random = WorldRandom.For(seed, "namesake", _made * 97 + attempt);
            if (other.Country != "TW")
                return Next(other.Country);
            var company = Taiwanese(random, other.Brand);
            if (Claim(company))
            {
                _made++;
                return company;
            }
        }
    }

    private bool Claim(Company company)
    {
        if (_names.Contains(company.RegisteredName) || (company.Domain is not null && _domains.Contains(company.Domain))
            || (company.TaxId is not null && _taxIds.Contains(company.TaxId)))
            return false;
        _names.Add(company.RegisteredName);
        if (company.Domain is not null)
            _domains.Add(company.Domain);
        if (company.TaxId is not null)
            _taxIds.Add(company.TaxId);
        return true;
    }

    private static Company Taiwanese(WorldRandom random, string? brand)
    {
        var city = random.Pick(Cities);
        var first = random.Pick(Syllables);
        var second = random.Pick(Syllables);
        while (second.Zh == first.Zh)
            second = random.Pick(Syllables);
        var brandZh = brand ?? first.Zh + second.Zh;
        var brandEn = brand is null
            ? random.Chance(0.6) ? first.En + second.En.ToLowerInvariant() : $"{first.En} {second.En}"
            : Romanize(brand);
        var core = random.Pick(Cores);
        var prefix = random.Uniform() switch
        {
            < 0.25 => (city.Zh, city.En + " "),
            < 0.33 => ("台灣", "Taiwan "),
            _ => ("", ""),
        };
        var (suffixZh, suffixEn) = random.Uniform() switch
        {
            < 0.70 => ("股份有限公司", "Co., Ltd."),
            < 0.92 => ("有限公司", "Co., Ltd."),
            _ => ("企業股份有限公司", "Enterprise Co., Ltd."),
        };
        var registered = prefix.Item1 + brandZh + core.Zh + suffixZh;
        // Small workshops often have no English name at all.
        var english = random.Chance(0.85) ? $"{prefix.Item2}{brandEn} {core.En} {suffixEn}" : null;
        var domain = random.Chance(0.75) ? DomainOf(random, brandEn, core.En, ".com.tw") : null;
        return new Company("TW", registered, english, random.Chance(0.95) ? TaiwanTaxId(random) : null, domain,
            brandZh, core.Industry, city.Region, "zh-TW");
    }

    private static string Romanize(string brand)
    {
        var spelled = string.Concat(brand.Select(c => Syllables.First(s => s.Zh == c.ToString()).En.ToLowerInvariant()));
        return char.ToUpperInvariant(spelled[0]) + spelled[1..];
    }

    private static Company Japanese(WorldRandom random)
    {
        var surname = random.Pick(JapaneseSurnames);
        var core = random.Pick(JapaneseCores);
        var registered = random.Chance(0.5) ? $"株式会社{surname.Zh}{core.Ja}" : $"{surname.Zh}{core.Ja}株式会社";
        var english = $"{surname.En} {core.En} Co., Ltd.";
        return new Company("JP", registered, english, random.Chance(0.6) ? Digits(random, 13) : null,
            random.Chance(0.8) ? DomainOf(random, surname.En, core.En, ".co.jp") : null, surname.Zh, core.Industry, "Export", "ja");
    }

    private static Company Vietnamese(WorldRandom random)
    {
        var brand = random.Pick(VietnameseBrands);
        var core = random.Pick(VietnameseCores);
        return new Company("VN", $"Công ty TNHH {core.Vi} {brand.Vi}", $"{brand.Ascii} {core.En} Co., Ltd.",
            random.Chance(0.6) ? Digits(random, 10) : null, random.Chance(0.6) ? DomainOf(random, brand.Ascii, core.En, ".vn") : null,
            brand.Ascii, core.Industry, "Export", "vi");
    }

    private static Company Thai(WorldRandom random)
    {
        var brand = random.Pick(ThaiBrands);
        var core = random.Pick(Cores);
        var name = $"{brand} {core.En} Co., Ltd.";
        return new Company("TH", name, name, random.Chance(0.6) ? Digits(random, 13) : null,
            random.Chance(0.6) ? DomainOf(random, brand, core.En, ".co.th") : null, brand, core.Industry, "Export", "th");
    }

    private static Company Malaysian(WorldRandom random)
    {
        var brand = random.Pick(MalaysianBrands);
        var core = random.Pick(Cores);
        var name = $"{brand} {core.En} Sdn. Bhd.";
        return new Company("MY", name, name, random.Chance(0.6) ? "C" + Digits(random, 10) : null,
            random.Chance(0.7) ? DomainOf(random, brand, core.En, ".com.my") : null, brand, core.Industry, "Export", "en");
    }

    private static Company American(WorldRandom random)
    {
        var name = random.Pick(AmericanNames);
        var trade = random.Pick((string[])["Industrial Supply", "Machine Works", "Manufacturing", "Fastener Supply", "Fabrication"]);
        var full = $"{name} {trade} {random.Pick((string[])["Inc.", "LLC", "Corp."])}";
        return new Company("US", full, full, random.Chance(0.6) ? $"{Digits(random, 2)}-{Digits(random, 7)}" : null,
            random.Chance(0.9) ? DomainOf(random, name, trade, ".com") : null, name, trade.Contains("Fastener", StringComparison.Ordinal) ? "construction" : "machinery", "Export", "en");
    }

    private static Company German(WorldRandom random)
    {
        var name = random.Pick(GermanNames);
        var trade = random.Pick((string[])["Maschinenbau", "Schraubtechnik", "Metallbau", "Antriebstechnik", "Werkzeugbau"]);
        var full = $"{name} {trade} GmbH";
        var ascii = name.Replace("ü", "ue", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal);
        return new Company("DE", full, full, random.Chance(0.7) ? "DE" + Digits(random, 9) : null,
            random.Chance(0.9) ? DomainOf(random, ascii, trade, ".de") : null, name, "machinery", "Export", "de");
    }

    private static string DomainOf(WorldRandom random, string brand, string core, string tld)
    {
        var b = Ascii(brand);
        var c = Ascii(core.Split(' ')[0]);
        return random.Uniform() switch
        {
            < 0.45 => b + tld,
            < 0.80 => $"{b}-{c}{tld}",
            _ => $"{b}{random.Int(1, 99).ToString(CultureInfo.InvariantCulture)}{tld}",
        };
    }

    private static string Ascii(string s)
    {
        var builder = new StringBuilder();
        foreach (var ch in s.ToLowerInvariant())
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
                builder.Append(ch);
        }
        return builder.ToString();
    }

    private static string Digits(WorldRandom random, int count)
    {
        var builder = new StringBuilder();
        builder.Append((char)('1' + random.Int(0, 8)));
        for (var i = 1; i < count; i++)
            builder.Append((char)('0' + random.Int(0, 9)));
        return builder.ToString();
    }

    /// <summary>
    /// A Taiwanese unified business number (統一編號): eight digits whose weighted digit sums (weights 1,2,1,2,1,2,4,1)
    /// are a multiple of 10. The seventh digit is never 7, which has a rule of its own.
    /// </summary>
    public static string TaiwanTaxId(WorldRandom random)
    {
        int[] weights = [1, 2, 1, 2, 1, 2, 4, 1];
        while (true)
        {
            var digits = new int[8];
            for (var i = 0; i < 7; i++)
                digits[i] = random.Int(0, 9);
            if (digits[6] == 7)
                continue;
            for (var last = 0; last < 10; last++)
            {
                digits[7] = last;
                if (IsValidTaiwanTaxId(digits, weights))
                    return string.Concat(digits);
            }
        }
    }

    private static bool IsValidTaiwanTaxId(int[] digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var p = digits[i] * weights[i];
            sum += p / 10 + p % 10;
        }
        return sum % 10 == 0;
    }
}
