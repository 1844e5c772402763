using System.Globalization;

namespace Forecast.IntegrationTests.SecondWorld;

internal sealed partial class WorldSimulation
{
    private sealed record Family(
        string Code, string Zh, string En, string Kind, string Unit, decimal[] Packs, int LeadFrom, int LeadTo,
        double TypicalQuantity, double CostFrom, double CostTo, string[] Specs, string[] Suppliers);

    private static readonly string[] TaiwanMills = ["Gangshan Fastener Mfg.", "Lu Chu Screw Works", "Kao Fong Steel Parts", "Tainan Bolt Industry"];
    private static readonly string[] ToolMakers = ["Hartmann Werkzeuge GmbH", "Sanyo Cutting Tools Co.", "Taichung Tooling Corp."];
    private static readonly string[] ConsumableMakers = ["Yangzhou Abrasives Co.", "Formosa Lubricants Ltd."];

    private static readonly Family[] Families =
    [
        new("HB", "六角螺栓", "Hex bolts", "fastener", "PCS", [100, 200, 500], 14, 35, 2000, 0.8, 6, ["M6x20 鍍鋅", "M8x30 鍍鋅", "M10x40 SUS304", "M12x50 8.8級", "M16x60 黑色"], TaiwanMills),
        new("SC", "內六角螺絲", "Socket cap screws", "fastener", "PCS", [100, 500, 1000], 14, 35, 3000, 0.5, 4, ["M3x8 SUS304", "M4x12 12.9級", "M5x16 鍍鎳", "M6x25 12.9級"], TaiwanMills),
        new("ST", "自攻螺絲", "Self-tapping screws", "fastener", "PCS", [500, 1000], 10, 30, 5000, 0.1, 0.8, ["3.5x16 十字", "4.2x19 六角", "4.8x25 鑽尾"], TaiwanMills),
        new("NT", "六角螺帽", "Hex nuts", "fastener", "PCS", [500, 1000], 10, 30, 4000, 0.2, 2, ["M6 鍍鋅", "M8 SUS304", "M10 尼龍", "M12 8級"], TaiwanMills),
        new("WS", "平華司", "Flat washers", "fastener", "PCS", [1000], 10, 25, 6000, 0.05, 0.5, ["M6 鍍鋅", "M8 SUS304", "M10 黑色"], TaiwanMills),
        new("AN", "膨脹螺絲", "Expansion anchors", "fastener", "PCS", [50, 100], 20, 40, 800, 3, 15, ["M8x60", "M10x80", "M12x100"], TaiwanMills),
        new("RV", "拉釘", "Blind rivets", "fastener", "PCS", [1000], 20, 45, 5000, 0.2, 1, ["3.2x8 鋁", "4.0x10 鐵", "4.8x12 不鏽鋼"], TaiwanMills),
        new("DR", "鑽頭", "Drill bits", "cutting", "PCS", [1, 5, 10], 45, 90, 40, 60, 600, ["D3.0 HSS", "D6.0 鈷", "D8.5 碳化鎢", "D10.0 HSS"], ToolMakers),
        new("TP", "絲攻", "Taps", "cutting", "PCS", [1, 5], 45, 90, 20, 150, 900, ["M6 螺旋", "M8 先端", "M10 擠壓"], ToolMakers),
        new("EM", "端銑刀", "End mills", "cutting", "PCS", [1], 45, 90, 12, 400, 3000, ["D6 四刃", "D10 二刃", "D12 圓鼻"], ToolMakers),
        new("IN", "車刀片", "Turning inserts", "cutting", "BOX", [10], 30, 75, 100, 80, 350, ["CNMG120408", "DNMG150608", "WNMG080408"], ToolMakers),
        new("TW", "扭力扳手", "Torque wrenches", "tool", "SET", [1], 30, 75, 2, 1500, 9000, ["1/2吋 40-200Nm", "3/8吋 20-100Nm"], ToolMakers),
        new("SK", "套筒組", "Socket sets", "tool", "SET", [1], 30, 75, 3, 800, 5000, ["1/2吋 24件", "1/4吋 46件"], ToolMakers),
        new("CO", "切削油", "Cutting oil", "consumable", "L", [20, 200], 10, 30, 200, 80, 200, ["水溶性", "非水溶性"], ConsumableMakers),
        new("GD", "砂輪片", "Grinding discs", "consumable", "PCS", [25, 50], 15, 40, 300, 15, 60, ["4吋 A60", "7吋 A36", "4吋 WA100"], ConsumableMakers),
    ];

    /// <summary>Regular cycles (days) a family's pairs draw from, with weights.</summary>
    private static (double Days, double Weight)[] CyclesOf(string kind) => kind switch
    {
        "fastener" => [(7, 0.08), (14, 0.2), (21, 0.12), (30, 0.3), (45, 0.15), (60, 0.15)],
        "cutting" => [(21, 0.1), (30, 0.25), (45, 0.25), (60, 0.25), (90, 0.15)],
        "tool" => [(60, 0.2), (90, 0.35), (120, 0.3), (180, 0.15)],
        _ => [(14, 0.15), (30, 0.45), (45, 0.25), (60, 0.15)],
    };

    /// <summary>How much an industry buys of a family kind, relative to other kinds.</summary>
    private static double Affinity(string industry, string kind) => (industry, kind) switch
    {
        ("machinery", "cutting") => 2.0,
        ("machinery", "consumable") => 1.5,
        ("electronics", "fastener") => 2.0,
        ("electronics", _) => 0.3,
        ("construction", "fastener") => 2.0,
        ("construction", "tool") => 1.0,
        ("construction", _) => 0.5,
        ("automotive", "fastener" or "cutting") => 1.5,
        ("furniture", "fastener") => 2.0,
        ("furniture", _) => 0.3,
        ("bicycle", "fastener") => 1.5,
        ("bicycle", "cutting") => 0.8,
        _ => 1.0,
    };

    private readonly Dictionary<WorldProduct, Family> _families = [];

    private void MakeProducts()
    {
        var skus = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Products; i++)
        {
            var random = Random("product", i);
            // Fasteners are most of a fastener distributor's range.
            var family = random.Weighted(Families.Select(f => (f, f.Kind switch { "fastener" => 2.0, "cutting" => 1.0, "tool" => 0.5, _ => 0.8 })).ToList());
            var spec = random.Pick(family.Specs);
            string sku;
            do
                sku = $"{family.Code}{random.Int(100, 999).ToString(CultureInfo.InvariantCulture)}-{(char)('A' + random.Int(0, 5))}";
            while (!skus.Add(sku));
            var pack = random.Pick(family.Packs);
            var cost = random.Uniform(family.CostFrom, family.CostTo);
            var decimals = cost < 10 ? 3 : 0;
            var launched = random.Chance(0.08) ? UniformDay(random, _start.AddDays(90), _anchor.AddDays(-120)) : (DateOnly?)null;
            var discontinued = random.Chance(0.05) ? UniformDay(random, _start.AddDays(200), _end.AddDays(-30)) : (DateOnly?)null;
            var product = new WorldProduct
            {
                Index = i,
                Sku = sku,
                Name = $"{family.Zh} {spec}",
                Family = family.En,
                Unit = family.Unit,
                Supplier = random.Pick(family.Suppliers),
                LeadTimeDays = random.Int(family.LeadFrom, family.LeadTo),
                Moq = pack * random.Int(5, 50),
                PackSize = pack,
                UnitCost = Math.Round((decimal)cost, decimals),
                ListPrice = Math.Round((decimal)(cost * random.Uniform(1.35, 1.8)), decimals),
                TypicalQuantity = family.TypicalQuantity,
                Popularity = random.LogNormal(1, 0.9),
                LaunchedOn = launched,
                DiscontinuedOn = discontinued,
            };
            world.Products.Add(product);
            _families[product] = family;
        }
    }

    private WorldCustomer AddCustomer(Company company, DateOnly? since, int? fromProspect)
    {
        var number = _nextCustomerNumber++;
        var random = Random("customer", number);
        var code = "CU-" + (20000 + number * 3 + random.Int(0, 2)).ToString(CultureInfo.InvariantCulture);
        since ??= random.Chance(0.75)
            ? _start.AddDays(-random.Int(30, 2000))
            : UniformDay(random, _start, _anchor.AddDays(-90));
        var active = since.Value < _start ? _start : since.Value;
        DateOnly? churned = random.Chance(0.18) ? UniformDay(random, active.AddDays(180), _end) : null;
        if (churned > _end)
            churned = null;
        (DateOnly, DateOnly)? dormant = null;
        if (random.Chance(0.12))
        {
            var from = UniformDay(random, active.AddDays(120), _end.AddDays(-100));
            var to = from.AddDays(random.Int(90, 270));
            if (churned is null || churned > to.AddDays(60))
                dormant = (from, to);
        }
        var chineseCalendar = company.Country is "TW" or "VN" or "MY";
        var habit = chineseCalendar && random.Chance(0.3) ? SeasonalHabit.LunarNewYearStocker
            : company.Country == "US" && random.Chance(0.6) ? SeasonalHabit.YearEndBudget
            : SeasonalHabit.None;
        var (termsCode, termsDays, monthEnd) = company.Country == "TW"
            ? random.Weighted<(string, int, bool)>([(("月結30天", 30, true), 0.45), (("月結60天", 60, true), 0.30), (("月結90天", 90, true), 0.10), (("貨到付款", 0, false), 0.15)])
            : random.Weighted<(string, int, bool)>([(("T/T 30", 30, false), 0.5), (("T/T 60", 60, false), 0.2), (("T/T in advance", 0, false), 0.3)]);
        var size = Math.Clamp(random.LogNormal(1, 0.6), 0.3, 4);
        string? email = null;
        if (company.Domain is not null && random.Chance(0.6))
            email = random.Pick((string[])["purchase", "po", "service", "buyer"]) + "@" + company.Domain;
        else if (random.Chance(0.15))
            email = $"purchasing{random.Int(100, 999)}{random.Pick((string[])["@ms15.hinet.net", "@gmail.com", "@yahoo.com.tw"])}";
        var customer = new WorldCustomer
        {
            Code = code,
            Company = company,
            Since = since.Value,
            ChurnedOn = churned,
            Dormant = dormant,
            Habit = habit,
            Size = size,
            WorksSaturdays = company.Country switch { "TW" => random.Chance(0.35), "VN" => random.Chance(0.6), _ => false },
            BatchDays = random.Weighted<int>([(0, 0.3), (1, 0.3), (2, 0.25), (3, 0.15)]),
            TermsCode = termsCode,
            TermsDays = termsDays,
            MonthEndTerms = monthEnd,
            SlowPayer = random.Chance(0.15),
            Currency = company.Country switch { "TW" => "TWD", "JP" => "JPY", "DE" => "EUR", _ => "USD" },
            PriceFactor = random.Uniform(0.78, 0.97),
            CreditLimit = Math.Round((decimal)(size * 400_000) / 10_000m, 0) * 10_000m,
            ErpEmail = email,
            FromProspectAccount = fromProspect,
        };
        world.Customers.Add(customer);
        _assortments[customer] = ChooseAssortment(customer, random);
        return customer;
    }

    /// <summary>The products a customer buys regularly, and when it starts buying each: most from the start, some adopted later.</summary>
    private List<(WorldProduct, DateOnly)> ChooseAssortment(WorldCustomer customer, WorldRandom random)
    {
        var count = (int)Math.Clamp(Math.Round(random.LogNormal(5 * Math.Sqrt(customer.Size), 0.4)), 1, 18);
        var first = customer.Since;
        var weights = world.Products.Select(p => (p, p.Popularity * Affinity(customer.Company.Industry, _families[p].Kind))).ToList();
        var chosen = random.WeightedDistinct(weights, count);
        var result = new List<(WorldProduct, DateOnly)>();
        foreach (var product in chosen)
        {
            var startsOn = first;
            if (random.Chance(0.3))
            {
                var from = first < _start ? _start : first;
                startsOn = UniformDay(random, from.AddDays(30), _end.AddDays(-60));
            }
            if (product.LaunchedOn is { } launched && launched > startsOn)
                startsOn = launched.AddDays(random.Int(0, 60));
            result.Add((product, startsOn));
        }
        return result;
    }

    private void MakePairs()
    {
        var index = 0;
        foreach (var customer in world.Customers)
        {
            var products = _assortments[customer].Select(a => (a.Product, a.StartsOn, FromDeal: false, OneOff: false)).ToList();
            foreach (var won in _wonPairs.Where(w => w.Customer == customer))
            {
                if (products.All(p => p.Product != won.Product))
                    products.Add((won.Product, won.StartsOn, true, won.OneOff));
            }
            foreach (var (product, startsOn, fromDeal, oneOff) in products)
                world.Pairs.Add(MakePair(customer, product, startsOn, fromDeal, oneOff, Random("pair", index++)));
        }
    }

    private WorldPair MakePair(WorldCustomer customer, WorldProduct product, DateOnly startsOn, bool fromDeal, bool oneOff, WorldRandom random)
    {
        var kind = _families[product].Kind;
        var cycle = Math.Clamp(random.Weighted(CyclesOf(kind)) * Math.Exp(random.Normal(0, 0.12)) * Math.Pow(customer.Size, -0.25), 5, 240);
        var calendarShare = customer.Country is "TW" or "JP" ? 0.25 : 0.10;
        var law = cycle >= 25 && random.Chance(calendarShare) ? OrderingLaw.Calendar
            : random.Chance(0.6) ? OrderingLaw.DriftingLogLogistic
            : OrderingLaw.Weibull;
        var months = (int)Math.Clamp(Math.Round(cycle / 30.44), 1, 3);
        // Pair-level stopping while the customer goes on: most pairs are steady, a few are trials that fizzle.
        var hazard = random.Weighted<double>([(0.04, 0.6), (0.15, 0.3), (0.6, 0.1)]);
        var alive = startsOn < _start ? _start : startsOn;
        var stop = oneOff
            ? TradeCalendar.OrderDay(customer.Country, startsOn, customer.WorksSaturdays).AddDays(1)
            : alive.AddDays((int)random.Exponential(365.25 / hazard));
        return new WorldPair
        {
            Customer = customer,
            Product = product,
            Law = law,
            BaseCycleDays = law == OrderingLaw.Calendar ? 30.44 * months : cycle,
            CalendarMonths = months,
            TrendPerYear = law == OrderingLaw.DriftingLogLogistic ? Math.Clamp(random.Normal(0, 0.18), -0.45, 0.45) : 0,
            Shape = law switch
            {
                OrderingLaw.Calendar => random.Int(1, 28),
                OrderingLaw.DriftingLogLogistic => random.Uniform(3.5, 8),
                _ => random.Uniform(1.6, 4.0),
            },
            RushRate = random.Weighted<double>([(0, 0.5), (0.1, 0.35), (0.3, 0.15)]),
            StartsOn = startsOn,
            PairStopsOn = stop <= _end ? stop : null,
            QuantityPerOrder = product.TypicalQuantity * customer.Size * Math.Pow(cycle / 30, 0.8) * random.LogNormal(1, 0.5),
            QuantityGrowthPerYear = random.Normal(0.03, 0.12),
            FromWonDeal = fromDeal,
            OneOff = oneOff,
        };
    }
}
