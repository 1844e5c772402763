using System.Globalization;

namespace Forecast.IntegrationTests.SecondWorld;

internal sealed partial class WorldSimulation
{
    private static readonly (string Name, string Login, string Team)[] RepPeople =
    [
        ("Kevin Lin 林志偉", "kevin.lin", "North"), ("Amy Chen 陳怡君", "amy.chen", "North"), ("Jason Huang 黃建宏", "jason.huang", "Central"),
        ("Vivian Wu 吳佩珊", "vivian.wu", "Central"), ("Eric Chang 張家豪", "eric.chang", "South"), ("Grace Tsai 蔡雅婷", "grace.tsai", "South"),
        ("Leo Hsu 許哲維", "leo.hsu", "South"), ("Tom Becker", "tom.becker", "Export"), ("Yuki Mori 森由紀", "yuki.mori", "Export"),
        ("Daniel Yang 楊宗翰", "daniel.yang", "North"),
    ];

    private static readonly Dictionary<string, string[]> CountryNames = new(StringComparer.Ordinal)
    {
        ["TW"] = ["Taiwan", "Taiwan", "Taiwan, R.O.C.", "ROC"],
        ["JP"] = ["Japan"], ["VN"] = ["Vietnam", "Viet Nam"], ["TH"] = ["Thailand"], ["MY"] = ["Malaysia"],
        ["US"] = ["United States", "USA"], ["DE"] = ["Germany"],
    };

    private void MakeReps()
    {
        for (var i = 0; i < RepPeople.Length; i++)
        {
            var (name, login, team) = RepPeople[i];
            var random = Random("rep", i);
            world.Reps.Add(new WorldRep
            {
                Id = "usr_" + (0x3a0f1 + i * 4099).ToString("x6", CultureInfo.InvariantCulture),
                Name = name,
                Email = login + "@harborbolt.com.tw",
                Team = team,
                // Daniel replaces Amy in the north; Grace leaves the south later and is not replaced.
                JoinedOn = i == 9 ? _start.AddDays(380) : _start.AddDays(-1500 - random.Int(0, 900)),
                LeftOn = i switch { 1 => _start.AddDays(400), 5 => _start.AddDays(800), _ => null },
                Skill = random.Normal(0, 0.35),
            });
        }
    }

    private IEnumerable<WorldRep> RepsOn(string team, DateOnly day) =>
        world.Reps.Where(r => r.Team == team && r.JoinedOn <= day && (r.LeftOn is null || r.LeftOn > day));

    private void MakeAccounts()
    {
        var made = new List<WorldAccount>();
        var index = 0;
        foreach (var customer in world.Customers.ToList())
        {
            var random = Random("account", index);
            if (!random.Chance(0.88))
            {
                index++;
                continue;
            }
            var created = UniformDay(random, customer.Since.AddDays(-200), customer.Since.AddDays(30));
            if (created < _start.AddDays(-700))
                created = _start.AddDays(-700 + random.Int(0, 300));
            made.Add(NewAccount(index++, customer.Company, customer, created, random, plant: false));
            if (random.Chance(0.06))
                made.Add(NewAccount(index++, customer.Company, customer, UniformDay(random, created, _anchor.AddDays(-30)), random, plant: true));
        }
        var prospects = (int)Math.Round(options.Customers * options.ProspectsPerCustomer);
        for (var i = 0; i < prospects; i++)
        {
            var random = Random("prospect", i);
            var company = random.Chance(0.25) ? _identities.NamesakeOf(random.Pick(world.Customers).Company) : _identities.Next();
            made.Add(NewAccount(index++, company, null, UniformDay(random, _start.AddDays(-300), _anchor.AddDays(-5)), random, plant: false, prospect: true));
        }

        // Ids in the order the CRM created them.
        var ordered = made.OrderBy(a => a.CreatedOn).ThenBy(a => a.Index).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var a = ordered[i];
            var account = new WorldAccount
            {
                Index = i,
                Id = "0015g" + (100_000 + i * 37).ToString(CultureInfo.InvariantCulture),
                Company = a.Company,
                Name = a.Name,
                Website = a.Website,
                TaxId = a.TaxId,
                CountryName = a.CountryName,
                Phone = a.Phone,
                CreatedOn = a.CreatedOn,
                Customer = a.Customer,
                IsProspect = a.IsProspect,
                NameKind = a.NameKind,
            };
            AssignOwners(account, Random("owners", i));
            world.Accounts.Add(account);
        }
    }

    private WorldAccount NewAccount(int index, Company company, WorldCustomer? customer, DateOnly created, WorldRandom random, bool plant, bool prospect = false)
    {
        var (name, englishOnly, kind) = CrmName(company, random, plant);
        var taxChance = englishOnly || plant ? 0 : company.Country == "TW" ? 0.55 : 0.25;
        string? website = null;
        if (company.Domain is not null && random.Chance(0.65))
            website = random.Weighted<string>([("https://www." + company.Domain, 0.4), ("www." + company.Domain, 0.3), (company.Domain, 0.3)]);
        return new WorldAccount
        {
            Index = index,
            Id = "",
            Company = company,
            Name = name,
            Website = website,
            TaxId = random.Chance(taxChance) ? company.TaxId : null,
            CountryName = random.Chance(0.9) ? random.Pick(CountryNames[company.Country]) : null,
            Phone = PhoneOf(company.Country, random),
            CreatedOn = created,
            Customer = customer,
            IsProspect = prospect,
            NameKind = prospect ? AccountNameKinds.Prospect : kind,
        };
    }

    /// <summary>
    /// How a rep typed the company into the CRM: the Chinese registered name (sometimes with 臺 for 台), a short form
    /// without the legal suffix or with 「(股)」, the English name (then usually no tax id), or an English name with
    /// its punctuation changed. A second account of the same customer is a plant or branch. The kind says how the
    /// name relates to the ERP's (registered) name, for the link figures by kind.
    /// </summary>
    private static (string Name, bool EnglishOnly, string Kind) CrmName(Company company, WorldRandom random, bool plant)
    {
        var registered = company.RegisteredName;
        var english = company.EnglishName;
        if (company.Country == "TW")
        {
            var shortName = registered;
            foreach (var suffix in (string[])["企業股份有限公司", "股份有限公司", "有限公司"])
            {
                if (shortName.EndsWith(suffix, StringComparison.Ordinal))
                {
                    shortName = shortName[..^suffix.Length];
                    break;
                }
            }
            if (plant)
                return ($"{shortName} {random.Pick((string[])["二廠", "台中廠", "岡山廠", "研發中心"])}", false, AccountNameKinds.Plant);
            var u = random.Uniform();
            if (u < 0.42)
            {
                return random.Chance(0.25) && registered.Contains('台', StringComparison.Ordinal)
                    ? (registered.Replace("台", "臺", StringComparison.Ordinal), false, AccountNameKinds.VariantCharacter)
                    : (registered, false, AccountNameKinds.Same);
            }
            if (u < 0.62)
                return (random.Chance(0.5) ? shortName : registered.Replace("股份有限公司", "(股)公司", StringComparison.Ordinal), false, AccountNameKinds.ShortForm);
            if (u < 0.84 && english is not null)
                return (random.Chance(0.3) ? Retyped(english, random) : english, true, AccountNameKinds.SecondName);
            return (registered, false, AccountNameKinds.Same);
        }
        english ??= registered;
        var twoNames = registered != english;
        if (plant)
            return ($"{english} - {random.Pick((string[])["Plant 2", "Purchasing", "Service Dept."])}", true, AccountNameKinds.Plant);
        var nativeShare = company.Country is "JP" or "VN" ? 0.12 : 0;
        if (random.Chance(nativeShare))
            return (registered, false, AccountNameKinds.Same);
        var retyped = random.Chance(0.3);
        return (retyped ? Retyped(english, random) : english, twoNames,
            twoNames ? AccountNameKinds.SecondName : retyped ? AccountNameKinds.Retyped : AccountNameKinds.Same);
    }

    private static string Retyped(string name, WorldRandom random)
    {
        var s = name.Replace("Co., Ltd.", random.Pick((string[])["Co. Ltd", "Co Ltd", "Co.,Ltd", "Company Limited"]), StringComparison.Ordinal)
            .Replace("Inc.", "Inc", StringComparison.Ordinal)
            .Replace("Sdn. Bhd.", "Sdn Bhd", StringComparison.Ordinal);
        return random.Chance(0.4) ? s.ToUpperInvariant() : s;
    }

    private static string PhoneOf(string country, WorldRandom random) => country switch
    {
        "TW" => $"+886-{random.Pick((string[])["2", "3", "4", "6", "7"])}-{random.Int(2000, 8999)}-{random.Int(1000, 9999)}",
        "JP" => $"+81-{random.Int(3, 99)}-{random.Int(1000, 9999)}-{random.Int(1000, 9999)}",
        "VN" => $"+84-{random.Int(20, 29)}-{random.Int(1000, 9999)}-{random.Int(100, 999)}",
        "US" => $"+1 ({random.Int(201, 989)}) {random.Int(200, 999)}-{random.Int(1000, 9999)}",
        "DE" => $"+49 {random.Int(30, 911)} {random.Int(100000, 999999)}",
        "TH" => $"+66-2-{random.Int(100, 999)}-{random.Int(1000, 9999)}",
        _ => $"+60-3-{random.Int(1000, 9999)}-{random.Int(1000, 9999)}",
    };

    /// <summary>Owners: a rep of the account's team; reps who leave hand their accounts on; territories are reshuffled now and then.</summary>
    private void AssignOwners(WorldAccount account, WorldRandom random)
    {
        var team = account.Company.Region;
        var first = account.CreatedOn < _start.AddDays(-400) ? _start.AddDays(-400) : account.CreatedOn;
        account.Owners.Add((account.CreatedOn, random.Pick(RepsOn(team, first).ToList())));
        if (random.Chance(0.08))
        {
            var day = UniformDay(random, first.AddDays(60), _end);
            var others = RepsOn(team, day).Where(r => r != account.OwnerOn(day)).ToList();
            if (others.Count > 0)
                account.Owners.Add((day, random.Pick(others)));
        }
        foreach (var leaver in world.Reps.Where(r => r.LeftOn is not null).OrderBy(r => r.LeftOn))
        {
            var day = leaver.LeftOn!.Value;
            if (account.OwnerOn(day.AddDays(-1)) == leaver && account.CreatedOn < day)
                account.Owners.Add((day, random.Pick(RepsOn(team, day).ToList())));
        }
        account.Owners.Sort((a, b) => a.From.CompareTo(b.From));
    }

    private static readonly (string Source, double Effect)[] CustomerSources =
        [("Existing customer", 0.3), ("Referral", 0.5), ("Trade show", 0), ("Website", -0.3), ("Cold call", -0.7)];

    private void MakeDeals()
    {
        var deals = new List<WorldDeal>();
        var lineNumber = 0;
        foreach (var account in world.Accounts)
        {
            var random = Random("deals", account.Index);
            var from = account.CreatedOn < _start.AddDays(-180) ? _start.AddDays(-180) : account.CreatedOn;
            // Poisson arrivals by thinning at 3.5 a year.
            var t = from.DayNumber + random.Exponential(365.25 / 3.5);
            while (t <= _end.DayNumber - 20)
            {
                var day = Day(t);
                t += random.Exponential(365.25 / 3.5);
                var customer = account.Customer is { } c && c.Since <= day ? c : null;
                var rate = customer is null ? (account.Customer is null ? 1.8 : 0.3)
                    : customer.ChurnedOn <= day ? 0.1
                    : 1.5 * Math.Sqrt(customer.Size);
                if (!random.Chance(Math.Min(1, rate / 3.5)))
                    continue;
                var deal = MakeDeal(account, customer, day, random, ref lineNumber);
                deals.Add(deal);
                if (deal.Won && account.Customer is null && deal.ClosedOn!.Value.AddDays(30) <= _end)
                {
                    // A won prospect becomes an ERP customer a few weeks later.
                    var since = deal.ClosedOn.Value.AddDays(random.Int(7, 30));
                    account.Customer = AddCustomer(account.Company, since, account.Index);
                }
                if (deal.Won && account.Customer is { } buyer)
                {
                    foreach (var line in deal.Lines)
                    {
                        var startsOn = deal.ClosedOn!.Value.AddDays(random.Int(7, 30));
                        if (startsOn < buyer.Since)
                            startsOn = buyer.Since;
                        // Some won lines are one project's buy, not a new regular supply.
                        if (startsOn <= _end && (line.Product.DiscontinuedOn is null || line.Product.DiscontinuedOn > startsOn))
                            _wonPairs.Add((buyer, line.Product, startsOn, OneOff: random.Chance(0.4)));
                    }
                }
            }
        }
        var n = 0;
        foreach (var deal in deals.OrderBy(d => d.CreatedOn).ThenBy(d => d.Account.Index))
        {
            deal.Id = "D-" + (300_000 + 17 * n++).ToString(CultureInfo.InvariantCulture);
            world.Deals.Add(deal);
        }
    }

    private WorldDeal MakeDeal(WorldAccount account, WorldCustomer? customer, DateOnly created, WorldRandom random, ref int lineNumber)
    {
        var existing = customer is not null && !(customer.ChurnedOn <= created);
        var (source, sourceEffect) = existing
            ? random.Weighted(CustomerSources.Select(s => (s, s.Source switch { "Existing customer" => 0.5, "Cold call" => 0.05, _ => 0.15 })).ToList())
            : random.Weighted(CustomerSources.Skip(1).Select(s => (s, s.Source switch { "Referral" => 0.2, "Trade show" => 0.3, "Website" => 0.35, _ => 0.15 })).ToList());

        // New business mostly: products the customer does not buy yet.
        HashSet<WorldProduct> owned = customer is null ? [] : _assortments[customer].Select(a => a.Product).ToHashSet();
        var industry = account.Company.Industry;
        var candidates = world.Products.Where(p => (p.LaunchedOn is null || p.LaunchedOn <= created) && (p.DiscontinuedOn is null || p.DiscontinuedOn > created)).ToList();
        var lines = new List<WorldDealLine>();
        foreach (var product in random.WeightedDistinct(candidates.Select(p => (p, p.Popularity * Affinity(industry, _families[p].Kind) * (owned.Contains(p) ? 0.6 : 1))).ToList(), random.Int(1, 3)))
        {
            var quantity = RoundToPack(product.TypicalQuantity * (customer?.Size ?? 1) * random.Uniform(4, 24), product.PackSize);
            var price = Math.Round(product.ListPrice * (decimal)random.Uniform(0.8, 0.95), product.ListPrice < 10 ? 3 : 0);
            lines.Add(new WorldDealLine("OLI-" + (++lineNumber).ToString("000000", CultureInfo.InvariantCulture), product, quantity, price));
        }
        var amount = Math.Max(20_000m, Math.Round(lines.Sum(l => l.Quantity * l.UnitPrice) / 1000m, 0) * 1000m);
        var owner = account.OwnerOn(created);
        var theta = (existing ? 0.7 : 0) + sourceEffect - 0.4 * Math.Log10((double)amount / 300_000) + owner.Skill + random.Normal(0, 0.45);

        var short_ = account.Name.Length > 14 ? account.Name[..14].TrimEnd() : account.Name;
        var deal = new WorldDeal
        {
            Account = account,
            Owner = owner,
            Name = $"{short_} - {lines[0].Product.Family} {random.Pick((string[])["annual supply", "trial order", "line changeover", "price renewal", "new project"])}",
            CreatedOn = created,
            Amount = amount,
            LeadSource = source,
            Theta = theta,
        };

        var stage = random.Weighted<int>([(0, 0.55), (1, 0.15), (2, 0.30)]);
        var day = created;
        deal.Stages.Add((day, stage));
        while (true)
        {
            day = day.AddDays(Math.Max(1, (int)Math.Round(random.LogNormal(DealLaw.MedianWaitDays[stage], 0.7))));
            if (!random.Chance(DealLaw.Advance(stage, theta)))
            {
                deal.ClosedOn = day;
                break;
            }
            if (stage == DealLaw.Stages.Length - 1)
            {
                deal.ClosedOn = day;
                deal.Won = true;
                break;
            }
            deal.Stages.Add((day, ++stage));
        }

        // The expected close the CRM holds: set at creation, pushed out by the rep each time it passes.
        var expected = created.AddDays(random.Int(30, 110));
        deal.ExpectedCloses.Add((created, expected));
        while (expected < deal.ClosedOn)
        {
            var noticed = expected.AddDays(random.Int(1, 10));
            if (noticed >= deal.ClosedOn)
                break;
            expected = noticed.AddDays(random.Int(14, 45));
            deal.ExpectedCloses.Add((noticed, expected));
        }
        deal.Lines.AddRange(lines);
        return deal;
    }

    private static readonly (string Zh, string En)[] Surnames =
        [("陳", "Chen"), ("林", "Lin"), ("黃", "Huang"), ("張", "Chang"), ("李", "Lee"), ("王", "Wang"), ("吳", "Wu"), ("劉", "Liu"), ("蔡", "Tsai"), ("楊", "Yang"), ("許", "Hsu"), ("鄭", "Cheng")];

    private static readonly (string Zh, string En)[] GivenNames =
        [("怡君", "yichun"), ("志偉", "chihwei"), ("雅婷", "yating"), ("建宏", "chienhung"), ("淑芬", "shufen"), ("家豪", "chiahao"), ("佩珊", "peishan"), ("俊傑", "chunchieh"), ("美玲", "meiling"), ("宗翰", "tsunghan"), ("欣怡", "hsinyi"), ("冠宇", "kuanyu")];

    private static readonly string[] EnglishFirstNames = ["Amy", "Kevin", "Grace", "Jason", "Sandy", "Peter", "Irene", "Michael", "Joyce", "Vincent", "Anna", "David"];

    private void MakeContacts()
    {
        var n = 0;
        foreach (var account in world.Accounts)
        {
            var random = Random("contacts", account.Index);
            var count = account.IsProspect ? random.Int(1, 2) : random.Int(1, 3);
            for (var i = 0; i < count; i++)
            {
                var company = account.Company;
                string name, local;
                switch (company.Country)
                {
                    case "TW":
                        {
                            var surname = random.Pick(Surnames);
                            var given = random.Pick(GivenNames);
                            var englishName = random.Chance(0.5) ? random.Pick(EnglishFirstNames) : null;
                            name = englishName is null ? surname.Zh + given.Zh : $"{englishName} {surname.En} {surname.Zh}{given.Zh}";
                            local = englishName is null ? $"{given.En}.{surname.En.ToLowerInvariant()}" : $"{englishName.ToLowerInvariant()}.{surname.En.ToLowerInvariant()}";
                            break;
                        }
                    case "JP":
                        {
                            var (zh, en) = random.Pick((ValueTuple<string, string>[])[("佐藤 健", "k.sato"), ("高橋 由美", "y.takahashi"), ("山田 拓也", "t.yamada"), ("中島 恵", "m.nakajima")]);
                            name = zh;
                            local = en;
                            break;
                        }
                    case "VN":
                        {
                            var (vi, en) = random.Pick((ValueTuple<string, string>[])[("Nguyễn Văn An", "an.nguyen"), ("Trần Thị Lan", "lan.tran"), ("Lê Minh Tuấn", "tuan.le"), ("Phạm Thu Hà", "ha.pham")]);
                            name = vi;
                            local = en;
                            break;
                        }
                    default:
                        {
                            var first = random.Pick((string[])["John", "Sarah", "Markus", "Julia", "Somchai", "Aisha", "Robert", "Nina"]);
                            var last = random.Pick((string[])["Miller", "Klein", "Wong", "Tan", "Carter", "Vogel", "Srisuk", "Rahman"]);
                            name = $"{first} {last}";
                            local = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}";
                            break;
                        }
                }
                var email = random.Uniform() switch
                {
                    < 0.05 => null,
                    < 0.85 when company.Domain is not null => $"{local}@{company.Domain}",
                    _ => $"{local}{random.Int(1, 99)}@{random.Pick((string[])["gmail.com", "yahoo.com.tw", "hotmail.com"])}",
                };
                var language = company.Language;
                world.Contacts.Add(new WorldContact(
                    "003" + (500_000 + n++ * 13).ToString(CultureInfo.InvariantCulture), account, name, email,
                    company.Country == "TW" ? $"09{random.Int(10, 89)}-{random.Int(100, 999)}-{random.Int(100, 999)}" : account.Phone,
                    language, random.Chance(0.05)));
            }
        }
    }

    private static readonly (string Kind, double Weight, string[] Subjects)[] ActivityKinds =
    [
        ("Phone call", 0.4, ["Follow-up on quotation", "Checked delivery schedule", "Price inquiry", "電話詢價", "確認交期"]),
        ("E-mail", 0.35, ["Sent catalogue", "Sent revised quotation", "寄送型錄", "報價單更新"]),
        ("Meeting", 0.15, ["Quarterly review", "Sample evaluation meeting", "年度議價"]),
        ("Site visit", 0.10, ["Visited plant", "Line audit", "拜訪工廠"]),
    ];

    private void MakeActivities()
    {
        var dealsByAccount = world.Deals.ToLookup(d => d.Account);
        var contactsByAccount = world.Contacts.ToLookup(c => c.Account);
        var made = new List<(WorldAccount Account, WorldRep Rep, WorldContact? Contact, string Kind, DateTime At, string Subject)>();
        foreach (var account in world.Accounts)
        {
            var random = Random("activities", account.Index);
            var deals = dealsByAccount[account].ToList();
            var contacts = contactsByAccount[account].ToList();
            var from = account.CreatedOn < _start.AddDays(-30) ? _start.AddDays(-30) : account.CreatedOn;
            for (var day = from; day <= _end; day = day.AddDays(1))
            {
                var customer = account.Customer is { } c && c.Since <= day ? c : null;
                var rate = customer is null ? 0.25
                    : customer.ChurnedOn <= day ? 0.05
                    : InDormancy(customer, day) ? 0.3
                    : 1.0 * Math.Sqrt(customer.Size);
                // Open deals are worked harder, and good deals hardest: activity carries part of a deal's quality.
                foreach (var deal in deals)
                {
                    if (deal.IsOpenOn(day))
                        rate += 2.5 * Math.Exp(0.4 * deal.Theta);
                }
                var count = random.Poisson(rate / 30);
                for (var i = 0; i < count; i++)
                {
                    var owner = account.OwnerOn(day);
                    var rep = random.Chance(0.9) ? owner : random.Pick(RepsOn(owner.Team, day).DefaultIfEmpty(owner).ToList());
                    var (kind, _, subjects) = random.Weighted(ActivityKinds.Select(k => (k, k.Weight)).ToList());
                    var at = day.ToDateTime(new TimeOnly(random.Int(8, 18), random.Int(0, 59)));
                    made.Add((account, rep, contacts.Count > 0 && random.Chance(0.7) ? random.Pick(contacts) : null, kind, at, random.Pick(subjects)));
                }
            }
        }
        var n = 0;
        foreach (var a in made.OrderBy(a => a.At).ThenBy(a => a.Account.Index))
            world.Activities.Add(new WorldActivity("00T" + (1_000_000 + 7 * n++).ToString(CultureInfo.InvariantCulture), a.Account, a.Rep, a.Contact, a.Kind, a.At, a.Subject));
    }
}
