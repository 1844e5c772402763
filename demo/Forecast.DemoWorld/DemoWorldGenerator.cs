using System.Globalization;
using Forecast.Core.Data;

namespace Forecast.DemoWorld;

/// <summary>
/// Builds the demo company's world: the small tables (reps, products, companies, customers with their buying
/// cycles, CRM accounts, contacts, opportunities, stock, open purchase orders) in memory, and the large ones
/// (orders, invoices, activities) on demand per company through <see cref="DemoWorld.Histories"/>.
/// </summary>
public static class DemoWorldGenerator
{
    private sealed record FamilySpec(
        string Prefix, string Name, DemandPattern Pattern, double Weight, string Unit, decimal[] Packs,
        double PriceMin, double PriceMax, int LeadMin, int LeadMax, string Item, int PeakMonth = 0);

    private static readonly FamilySpec[] Families =
    [
        new("CI", "Cutting inserts", DemandPattern.Consumable, 0.14, "PCS", [10m], 120, 650, 21, 45, "Carbide insert"),
        new("DR", "Drills", DemandPattern.Consumable, 0.08, "PCS", [1m, 5m], 400, 4000, 21, 45, "Solid carbide drill"),
        new("EM", "End mills", DemandPattern.Consumable, 0.08, "PCS", [1m, 5m], 500, 5000, 21, 45, "End mill"),
        new("CL", "Coolant", DemandPattern.Consumable, 0.06, "DRUM", [1m], 3000, 9000, 14, 30, "Coolant concentrate 20L"),
        new("FL", "Filters", DemandPattern.Consumable, 0.07, "PCS", [6m, 12m], 200, 1500, 14, 40, "Filter cartridge"),
        new("GW", "Grinding wheels", DemandPattern.Consumable, 0.06, "PCS", [1m, 5m], 600, 6000, 21, 50, "Grinding wheel"),
        new("LB", "Lubricants", DemandPattern.Consumable, 0.05, "CAN", [4m, 12m], 300, 1500, 14, 30, "Way lubricant 4L"),
        new("BR", "Bearings", DemandPattern.Component, 0.10, "PCS", [1m, 10m], 300, 15000, 30, 75, "Angular contact bearing"),
        new("BS", "Ball screws", DemandPattern.Component, 0.05, "SET", [1m], 8000, 60000, 45, 90, "Ground ball screw"),
        new("LG", "Linear guides", DemandPattern.Component, 0.06, "SET", [1m, 2m], 5000, 40000, 45, 90, "Linear guideway"),
        new("CP", "Couplings", DemandPattern.Component, 0.04, "PCS", [1m, 5m], 800, 6000, 30, 60, "Servo coupling"),
        new("SP", "Spindle spares", DemandPattern.SparePart, 0.06, "EA", [1m], 3000, 80000, 60, 120, "Spindle cartridge"),
        new("HY", "Hydraulic spares", DemandPattern.SparePart, 0.05, "EA", [1m], 1500, 30000, 45, 100, "Hydraulic valve"),
        new("EL", "Electrical spares", DemandPattern.SparePart, 0.04, "EA", [1m], 800, 20000, 30, 90, "Servo drive board"),
        new("RO", "Anti-rust oil", DemandPattern.Seasonal, 0.03, "CAN", [12m], 250, 900, 30, 60, "Anti-rust oil 1L", 7),
        new("CF", "Cooling fans", DemandPattern.Seasonal, 0.03, "PCS", [1m, 4m], 1500, 6000, 30, 60, "Cabinet cooling fan", 6),
    ];

    /// <summary>β: the log-odds of winning fall by β per 1.0 of price / list (by β / 10 per 10% of list).</summary>
    public const double PriceBeta = 10;
    /// <summary>c and r0 of h(r) = σ(c − β·(r − r0)), the price response the prices are drawn against.</summary>
    public const double PriceC = 0, PriceR0 = 0.9;
    /// <summary>Spread and bounds of a deal's price ratio around the customer's usual one.</summary>
    public const double PriceNoise = 0.07, PriceLow = 0.70, PriceHigh = 1.05;

    private static readonly string[] Teams = ["North", "Central", "South", "Export"];
    private static readonly string[] LeadSources = ["Referral", "Existing Customer", "Trade Show", "Web", "Cold Call"];

    /// <summary>Generates the world for the options (validated by the caller with <see cref="DemoWorldOptions.Validate"/>).</summary>
    public static DemoWorld Generate(DemoWorldOptions options, IProgress<string>? progress = null)
    {
        var error = options.Validate();
        if (error is not null)
            throw new ArgumentException(error, nameof(options));
        var state = new Builder(options);
        progress?.Report("reps and products");
        state.MakeReps();
        state.MakeProducts();
        state.MakeCostHistory();
        progress?.Report("companies, customers and accounts");
        state.MakeCompanies();
        progress?.Report("stock and purchase orders");
        state.MakeStockAndSupply();
        return new DemoWorld(options, state.Reps, state.Products, state.Companies, state.Customers, state.Accounts,
            state.Opportunities, state.Stock, state.PurchaseOrders, state.Conflicts, state.CostChanges);
    }

    private sealed class Builder(DemoWorldOptions options)
    {
        private readonly Random _rng = new(options.Seed);
        // Addresses and nicknames draw from their own stream, so adding them changed no other draw of the world.
        private readonly Random _places = new(unchecked(options.Seed * 7919 + 13));
        // Quote prices and product costs came later still: their own streams, so every outcome, order and address stayed.
        private readonly Random _prices = new(unchecked(options.Seed * 104_729 + 71));
        private readonly Random _costs = new(unchecked(options.Seed * 15_485_863 + 97));
        private readonly HashSet<string> _nameKeys = new(StringComparer.Ordinal);
        private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
        private readonly HashSet<string> _taxIds = new(StringComparer.Ordinal);
        private readonly List<DemoCompany> _domesticCompanies = [];
        private double[] _familyCumulative = [];
        private List<DemoProduct>[] _byFamily = [];
        private double[][] _popularityCumulative = [];
        private int _contactSeq;
        private int _oppSeq;
        private int _oppLineSeq;

        public List<DemoRep> Reps { get; } = [];
        public List<DemoProduct> Products { get; } = [];
        public List<DemoCompany> Companies { get; } = [];
        public List<DemoCustomer> Customers { get; } = [];
        public List<DemoAccount> Accounts { get; } = [];
        public List<DemoOpportunity> Opportunities { get; } = [];
        public List<DemoStock> Stock { get; } = [];
        public List<DemoPurchaseOrderLine> PurchaseOrders { get; } = [];
        public List<DemoOwnerConflict> Conflicts { get; } = [];
        public List<DemoCostChange> CostChanges { get; } = [];

        private DateOnly AsOf => options.AsOf;
        private DateOnly Start => options.Start;

        public void MakeReps()
        {
            var count = Math.Max(8, (int)Math.Round(options.Customers / 30.0));
            double[] teamShare = [0.32, 0.30, 0.20, 0.18];
            var emails = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                // The first eight cover every team twice; the rest follow the territory sizes.
                var team = i < 8 ? Teams[i % 4] : Teams[_rng.PickWeighted(Cumulative(teamShare))];
                var (name, latin) = DemoNames.Person(_rng, chinese: team != "Export");
                var mailbox = DemoNames.Mailbox(latin);
                var email = mailbox + "@demo-parts.com.tw";
                for (var n = 2; !emails.Add(email); n++)
                    email = mailbox + n.ToString(CultureInfo.InvariantCulture) + "@demo-parts.com.tw";
                var left = i >= 8 && _rng.Chance(0.12);
                DateOnly? leftOn = left ? Start.AddDays(_rng.Next(90, Math.Max(91, AsOf.DayNumber - Start.DayNumber - 30))) : null;
                Reps.Add(new DemoRep(i, $"U{i + 1:D4}", name, email, team, !left, leftOn, _rng.Normal(0, 0.45)));
            }
        }

        public void MakeProducts()
        {
            var total = options.Products;
            var counts = Families.Select(f => Math.Max(1, (int)Math.Round(f.Weight * total))).ToArray();
            // Make the counts add up exactly, taking from or giving to the biggest family.
            var biggest = Array.IndexOf(counts, counts.Max());
            counts[biggest] += total - counts.Sum();
            var suppliers = Enumerable.Range(0, Math.Max(6, total / 25))
                .Select(_ => DemoNames.Domestic(_rng).English.Replace(" Co., Ltd.", " Supply Co., Ltd.", StringComparison.Ordinal))
                .ToList();
            _byFamily = new List<DemoProduct>[Families.Length];
            for (var f = 0; f < Families.Length; f++)
            {
                var spec = Families[f];
                _byFamily[f] = [];
                var familySuppliers = Enumerable.Range(0, 1 + _rng.Next(3)).Select(_ => _rng.Pick(suppliers)).ToList();
                for (var k = 0; k < counts[f]; k++)
                {
                    var pack = _rng.Pick(spec.Packs);
                    var price = Math.Round((decimal)_rng.LogUniform(spec.PriceMin, spec.PriceMax), 0);
                    var cost = Math.Round(price * (decimal)_rng.Uniform(0.55, 0.75), 2);
                    var moq = pack * (spec.Pattern == DemandPattern.SparePart ? 1 : _rng.Next(1, 11));
                    var name = $"{spec.Item} {spec.Prefix}{_rng.Next(100, 999)}-{(char)('A' + _rng.Next(26))}{_rng.Next(10, 99)}";
                    var product = new DemoProduct(
                        Products.Count, $"{spec.Prefix}-{1001 + k}", name, spec.Name, spec.Pattern, spec.Unit,
                        _rng.Pick(familySuppliers), _rng.Next(spec.LeadMin, spec.LeadMax + 1), moq, pack, cost, price,
                        spec.Pattern == DemandPattern.Seasonal ? _rng.Uniform(0.5, 0.8) : 0, spec.PeakMonth);
                    _byFamily[f].Add(product);
                    Products.Add(product);
                }
            }
            _familyCumulative = Cumulative(Families.Select((f, i) => counts[i] > 0 ? f.Weight : 0).ToArray());
            // A few best sellers per family: Zipf-like popularity.
            _popularityCumulative = _byFamily.Select(list => Cumulative(list.Select((_, rank) => 1 / Math.Pow(rank + 1, 0.8)).ToArray())).ToArray();
        }

        /// <summary>
        /// Dated unit costs: each product family gets zero to two raw-material step-ups (+5–15% for every product in it, on
        /// the first of a month), and each product a small supplier revision (about ±1.5%) once a year. The standard cost
        /// in the item master stays the cost at the start of the history, which the dated changes move from.
        /// </summary>
        public void MakeCostHistory()
        {
            var span = AsOf.DayNumber - Start.DayNumber;
            var events = new List<(DemoProduct Product, DateOnly Day, double Factor, DemoCostReason Reason)>();
            foreach (var family in _byFamily)
            {
                var steps = _costs.NextDouble() switch { < 0.25 => 0, < 0.75 => 1, _ => 2 };
                for (var i = 0; i < steps && span > 120; i++)
                {
                    var day = Start.AddDays(60 + _costs.Next(span - 90));
                    var firstOfMonth = new DateOnly(day.Year, day.Month, 1).AddMonths(1);
                    if (firstOfMonth > AsOf)
                        continue;
                    var rise = _costs.Uniform(0.05, 0.15);
                    foreach (var product in family)
                        events.Add((product, firstOfMonth, 1 + rise, DemoCostReason.RawMaterial));
                }
            }
            foreach (var product in Products)
            {
                for (var year = Start.Year; year <= AsOf.Year; year++)
                {
                    var day = new DateOnly(year, 1, 1).AddDays(_costs.Next(365));
                    // Never on the first of a month, the day step-ups take effect: each change in the ERP has one cause.
                    if (day.Day == 1)
                        day = day.AddDays(1);
                    var factor = Math.Clamp(1 + _costs.Normal(0.005, 0.01), 0.97, 1.03);
                    if (day > Start && day <= AsOf)
                        events.Add((product, day, factor, DemoCostReason.Revision));
                }
            }
            foreach (var perProduct in events.GroupBy(e => e.Product).OrderBy(g => g.Key.Index))
            {
                var cost = (double)perProduct.Key.StandardCost;
                // Two changes on one day are one change in the ERP (its key is item and date); a step-up names the reason.
                foreach (var day in perProduct.GroupBy(e => e.Day).OrderBy(g => g.Key))
                {
                    foreach (var e in day)
                        cost *= e.Factor;
                    var reason = day.Any(e => e.Reason == DemoCostReason.RawMaterial) ? DemoCostReason.RawMaterial : DemoCostReason.Revision;
                    CostChanges.Add(new DemoCostChange(perProduct.Key, day.Key, Math.Round((decimal)cost, 2), reason));
                }
            }
        }

        public void MakeCompanies()
        {
            var teamReps = Teams.ToDictionary(t => t, t => Reps.Where(r => r.Team == t).ToList());
            while (Customers.Count < options.Customers)
            {
                var company = NewCompany();
                var courting = _rng.Chance(0.4);
                if (courting)
                {
                    // A prospect at the start of the window: its deals are drawn one by one; the first win makes it a customer.
                    var created = Start.AddDays(_rng.Next(0, Math.Max(1, AsOf.DayNumber - Start.DayNumber - 200)) - _rng.Next(0, 200));
                    var account = NewAccount(company, teamReps, created, duplicate: false);
                    SimulateOpportunities(company, account, converting: true);
                }
                else
                {
                    var since = Start.AddDays(-_rng.Next(30, 3650));
                    company.CustomerSince = since;
                    MakeCustomer(company, since, existing: true);
                    if (_rng.Chance(0.93))
                    {
                        var created = since.AddDays(_rng.Next(0, 400));
                        if (created >= Start)
                            created = Start.AddDays(-1);
                        var account = NewAccount(company, teamReps, created, duplicate: false);
                        SimulateOpportunities(company, account, converting: false);
                    }
                }
                if (company.Customer is not null && company.Accounts.Count > 0)
                    AddDuplicateOrSecondRep(company, teamReps);
                Companies.Add(company);
            }
        }

        private DemoCompany NewCompany()
        {
            var index = Companies.Count;
            var domestic = _rng.Chance(0.8);
            DemoCompany? twinOf = domestic && _domesticCompanies.Count > 10 && _rng.Chance(0.04) ? _rng.Pick(_domesticCompanies) : null;
            for (var attempt = 0; ; attempt++)
            {
                string chinese, english, territory, domain;
                string country = "TW";
                if (domestic)
                {
                    (chinese, english, territory, var stem) = twinOf is null ? DemoNames.Domestic(_rng) : DemoNames.TwinOf(_rng, twinOf.ChineseName);
                    domain = twinOf is not null && _rng.Chance(0.25) ? twinOf.Domain : UniqueDomain(stem, "com.tw");
                }
                else
                {
                    (english, country, var stem, var tld) = DemoNames.Foreign(_rng);
                    chinese = "";
                    territory = "Export";
                    domain = UniqueDomain(stem, tld);
                }
                var keys = new[] { NameKey(DemoNames.StripHan(chinese)), NameKey(DemoNames.StripLatinLegal(english)) }.Where(k => k.Length > 0).ToArray();
                if (keys.Any(_nameKeys.Contains) && attempt < 50)
                    continue;
                foreach (var k in keys)
                    _nameKeys.Add(k);
                _domains.Add(domain);
                string? taxId = null;
                if (domestic)
                {
                    do
                        taxId = DemoNames.TaxId(_rng);
                    while (!_taxIds.Add(taxId));
                }
                var company = new DemoCompany
                {
                    Index = index,
                    ChineseName = chinese,
                    EnglishName = english,
                    Domestic = domestic,
                    Country = country,
                    Territory = territory,
                    TaxId = taxId,
                    Domain = domain,
                    Size = Math.Exp(_rng.Normal(0, 0.7)),
                    Twin = twinOf,
                };
                if (twinOf is not null)
                    twinOf.Twin ??= company;
                if (domestic)
                    _domesticCompanies.Add(company);
                return company;
            }
        }

        // The generator's own identity key (not the matcher's normaliser, so the world does not change when matching does).
        private static string NameKey(string name) =>
            string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();

        private string UniqueDomain(string stem, string tld)
        {
            var domain = $"{stem}.{tld}";
            for (var n = 2; _domains.Contains(domain); n++)
                domain = $"{stem}{n}.{tld}";
            return domain;
        }

        private DemoCustomer MakeCustomer(DemoCompany company, DateOnly since, bool existing)
        {
            var index = Customers.Count;
            var domestic = company.Domestic;
            var (term, days) = domestic
                ? _rng.NextDouble() switch { < 0.4 => ("N30", 30), < 0.75 => ("N60", 60), < 0.9 => ("N90", 90), _ => ("COD", 0) }
                : _rng.NextDouble() switch { < 0.5 => ("N30", 30), < 0.8 => ("N60", 60), _ => ("COD", 0) };
            var churnWindow = AsOf.DayNumber - Math.Max(since.DayNumber, Start.DayNumber) - 165;
            DateOnly? churn = churnWindow > 30 && _rng.Chance(existing ? 0.12 : 0.06)
                ? DateOnly.FromDayNumber(Math.Max(since.DayNumber, Start.DayNumber) + 120 + _rng.Next(churnWindow))
                : null;
            var growth = _rng.Chance(0.1) ? _rng.Normal(0.3, 0.1) : _rng.Normal(0.03, 0.12);
            string? email = _rng.Chance(0.92)
                ? (_rng.Chance(0.6) ? "purchasing" : DemoNames.Mailbox(DemoNames.Person(_rng, domestic).Latin)) + "@" + company.Domain
                : $"{company.Domain.Split('.')[0].Replace("-", "", StringComparison.Ordinal)}{_rng.Next(1, 99)}@{DemoNames.FreeMailDomain(_rng)}";
            var customer = new DemoCustomer
            {
                Company = company,
                Index = index,
                Code = $"C{index + 1:D5}",
                Name = domestic ? (_rng.Chance(0.94) ? company.ChineseName : company.EnglishName) : company.EnglishName,
                TaxId = company.TaxId,
                Country = company.Country,
                Language = domestic ? (_rng.Chance(0.9) ? "zh-TW" : "en") : "en",
                PaymentTerm = term,
                PaymentDays = days,
                CreditLimit = Math.Round((decimal)(company.Size * 500_000) / 10_000m, 0) * 10_000m,
                Email = email,
                Currency = domestic ? "TWD" : "USD",
                Since = since,
                ChurnOn = churn,
                Growth = growth,
                LatePayer = _rng.Chance(0.1),
                Discount = _rng.Uniform(0.82, 1.0),
            };
            company.Customer = customer;
            company.CustomerSince = since;
            Customers.Add(customer);
            MakePairs(customer, since, existing);
            return customer;
        }

        private void MakePairs(DemoCustomer customer, DateOnly since, bool existing)
        {
            var company = customer.Company;
            var jobShop = _rng.Chance(0.6);
            var target = (int)Math.Clamp(Math.Round(2 + (4 * company.Size * _rng.LogNormalFactor(0.4))), 1, Math.Min(30, Products.Count / 3));
            var chosen = new HashSet<int>(customer.Pairs.Select(p => p.Product.Index));
            var familyWeights = Families.Select((f, i) => _byFamily[i].Count > 0
                ? f.Weight * (f.Pattern == DemandPattern.Consumable && jobShop ? 2.0 : f.Pattern == DemandPattern.Component && !jobShop ? 2.5 : 1.0)
                : 0).ToArray();
            var familyCumulative = Cumulative(familyWeights);
            for (var attempt = 0; customer.Pairs.Count < target && attempt < target * 10; attempt++)
            {
                var product = PickProduct(familyCumulative);
                if (chosen.Add(product.Index))
                    customer.Pairs.Add(NewPair(customer, product, since, existing));
            }
        }

        private DemoPair NewPair(DemoCustomer customer, DemoProduct product, DateOnly since, bool existing)
        {
            var (cycle, cv, units) = product.Pattern switch
            {
                DemandPattern.Consumable => (_rng.LogUniform(14, 180), _rng.Uniform(0.1, 0.35), _rng.LogUniform(1, 8)),
                DemandPattern.Component => (_rng.LogUniform(45, 240), _rng.Uniform(0.25, 0.5), _rng.LogUniform(2, 20)),
                DemandPattern.SparePart => (_rng.LogUniform(150, 450), _rng.Uniform(0.6, 1.0), _rng.LogUniform(1, 2.5)),
                _ => (_rng.LogUniform(30, 120), _rng.Uniform(0.2, 0.4), _rng.LogUniform(1, 6)),
            };
            var size = customer.Company.Size;
            var packs = product.PackSize > 1
                ? Math.Max(1, Math.Round(units * Math.Sqrt(size) / (double)product.PackSize * 3))
                : Math.Max(1, Math.Round(units * Math.Sqrt(size)));
            var meanQty = Math.Round(packs * (double)product.PackSize, 1);
            var start = since;
            var lastStart = (customer.ChurnOn ?? AsOf).DayNumber - 60;
            if (existing && lastStart > Start.DayNumber && _rng.Chance(0.15))
                start = Start.AddDays(_rng.Next(0, lastStart - Start.DayNumber));
            else if (!existing && _rng.Chance(0.3))
                start = since.AddDays(_rng.Next(0, Math.Max(1, AsOf.DayNumber - since.DayNumber)));
            if (customer.ChurnOn is { } customerChurn && start >= customerChurn.AddDays(-30))
                start = since;
            DateOnly? churn = customer.ChurnOn;
            var lateEnough = AsOf.DayNumber - start.DayNumber - 210;
            if (churn is null && lateEnough > 0 && _rng.Chance(0.05))
                churn = start.AddDays(180 + _rng.Next(lateEnough));
            return new DemoPair(product, Math.Round(cycle, 1), Math.Round(cv, 3), meanQty, start, churn);
        }

        private DemoProduct PickProduct(double[] familyCumulative)
        {
            var f = _rng.PickWeighted(familyCumulative);
            return _byFamily[f][_rng.PickWeighted(_popularityCumulative[f])];
        }

        private DemoAccount NewAccount(DemoCompany company, Dictionary<string, List<DemoRep>> teamReps, DateOnly created, bool duplicate, DemoRep? notOwner = null)
        {
            var team = teamReps[company.Territory];
            var active = team.Where(r => r.Active && r != notOwner).ToList();
            if (active.Count == 0)
                active = Reps.Where(r => r.Active && r != notOwner).ToList();
            var owner = _rng.Pick(active);
            var leavers = team.Where(r => !r.Active && r.LeftOn > created.AddDays(60)).ToList();
            var previous = !duplicate && leavers.Count > 0 && _rng.Chance(0.3) ? _rng.Pick(leavers) : null;
            var name = DemoNames.CrmVariant(_rng, company.ChineseName, company.EnglishName, company.Domestic, out _);
            var domainDraw = _rng.NextDouble();
            var (city, address) = DemoNames.Place(_places, company.ChineseName, company.Territory, company.Domestic, company.Country);
            var account = new DemoAccount
            {
                Company = company,
                Id = $"ACC-{Accounts.Count + 1:D6}",
                Name = name,
                EmailDomain = domainDraw < 0.88 ? (_rng.Chance(0.1) ? "www." + company.Domain : company.Domain) : domainDraw < 0.92 ? DemoNames.FreeMailDomain(_rng) : null,
                TaxNumber = company.TaxId is not null && _rng.Chance(0.5)
                    ? (_rng.Chance(0.1) ? company.TaxId[..4] + "-" + company.TaxId[4..] : company.TaxId)
                    : null,
                Country = _rng.Chance(0.97) ? company.Country : null,
                Phone = DemoNames.Phone(_rng, company.Country),
                City = _places.Chance(0.9) ? city : null,
                Address = _places.Chance(0.85) ? address : null,
                Owner = owner,
                PreviousOwner = previous,
                CreatedOn = created,
                IsDuplicate = duplicate,
            };
            var contacts = 1 + _rng.Next(company.Size > 1.5 ? 4 : 2);
            for (var i = 0; i < contacts; i++)
            {
                var chinese = company.Domestic && _rng.Chance(0.9);
                var (person, latin) = DemoNames.Person(_rng, chinese);
                var emailDraw = _rng.NextDouble();
                string? email = emailDraw < 0.82 ? DemoNames.Mailbox(latin) + "@" + company.Domain
                    : emailDraw < 0.9 ? DemoNames.Mailbox(latin).Replace(".", "", StringComparison.Ordinal) + _rng.Next(1, 99).ToString(CultureInfo.InvariantCulture) + "@" + DemoNames.FreeMailDomain(_rng)
                    : null;
                var language = company.Domestic ? (_rng.Chance(0.85) ? "zh-TW" : "en") : "en";
                account.Contacts.Add(new DemoContact($"CON-{++_contactSeq:D6}", account, person, email, DemoNames.Phone(_rng, company.Country), language, _rng.Chance(0.07),
                    DemoNames.Nickname(_places, person, chinese)));
            }
            company.Accounts.Add(account);
            Accounts.Add(account);
            return account;
        }

        private void AddDuplicateOrSecondRep(DemoCompany company, Dictionary<string, List<DemoRep>> teamReps)
        {
            var primary = company.Accounts[0];
            var draw = _rng.NextDouble();
            if (draw < 0.03)
            {
                // Another rep enters the company again under another spelling and works it: the classic duplicate.
                var created = AsOf.AddDays(-_rng.Next(200, 500));
                var duplicate = NewAccount(company, teamReps, created, duplicate: true, notOwner: primary.Owner);
                if (duplicate.Owner != primary.Owner && (company.Customer!.ChurnOn is null))
                    Conflicts.Add(new DemoOwnerConflict(company, [primary, duplicate], [primary.Owner, duplicate.Owner], "duplicate-account"));
            }
            else if (draw < 0.06 && company.Customer!.ChurnOn is null)
            {
                var others = Reps.Where(r => r.Active && r != primary.Owner).ToList();
                primary.SecondRep = _rng.Pick(others);
                primary.SecondRepFrom = AsOf.AddDays(-_rng.Next(120, 300));
                Conflicts.Add(new DemoOwnerConflict(company, [primary], [primary.Owner, primary.SecondRep], "second-rep"));
            }
        }

        /// <summary>
        /// Deals arrive as a Poisson process. Each outcome is drawn from a logistic model of what a seller knows
        /// (stage reached, size, rep skill, lead source) and of the account's history (a customer already, for how
        /// long, earlier wins and losses, paying late); the drawn probability is kept as the truth. A won deal's
        /// lines become a real sales order a few days after it closes.
        /// </summary>
        private void SimulateOpportunities(DemoCompany company, DemoAccount account, bool converting)
        {
            var size = company.Size;
            var ratePerYear = converting ? _rng.Uniform(1.0, 2.2) : Math.Min(4, 0.4 + (0.8 * size));
            var t = Math.Max(account.CreatedOn.DayNumber, Start.DayNumber) + (int)(_rng.GammaMeanCv(365 / ratePerYear, 1) / 2);
            int wins = 0, losses = 0;
            while (t <= AsOf.DayNumber)
            {
                var created = DateOnly.FromDayNumber(t);
                // A customer that quietly stopped gets no new deals: nobody there asks for quotes any more.
                if (company.Customer?.ChurnOn is { } churned && churned <= created)
                    break;
                var isCustomer = company.CustomerSince is { } since && since <= created;
                var customer = company.Customer;
                var lines = new List<DemoOpportunityLine>();
                var lineCount = _rng.NextDouble() switch { < 0.5 => 1, < 0.85 => 2, _ => 3 };
                var discount = customer?.Discount ?? _rng.Uniform(0.85, 1.0);
                var used = new HashSet<int>();
                for (var i = 0; i < lineCount; i++)
                {
                    DemoProduct product;
                    decimal qty;
                    if (isCustomer && customer!.Pairs.Count > 0 && _rng.Chance(0.7))
                    {
                        var pair = _rng.Pick(customer.Pairs);
                        product = pair.Product;
                        qty = RoundToPack(pair.MeanQuantity * _rng.Uniform(3, 10), product.PackSize);
                    }
                    else
                    {
                        product = PickProduct(_familyCumulative);
                        qty = RoundToPack(_rng.LogUniform(2, 20) * Math.Sqrt(size) * (product.Pattern == DemandPattern.SparePart ? 0.2 : 1) * (double)Math.Max(1, product.PackSize), product.PackSize);
                    }
                    if (!used.Add(product.Index))
                        continue;
                    var price = Math.Round(product.ListPrice * (decimal)discount, 2);
                    lines.Add(new DemoOpportunityLine($"OPL-{++_oppLineSeq:D7}", product, qty, price));
                }
                var amount = lines.Sum(l => l.Quantity * l.UnitPrice);
                var expectedDays = (int)Math.Round(_rng.LogUniform(20, 120));
                var expectedClose = created.AddDays(expectedDays);
                var actualDays = Math.Max(3, (int)Math.Round((expectedDays * _rng.LogNormalFactor(0.3)) + _rng.Normal(10, 10)));
                var closed = created.AddDays(actualDays);
                var isOpen = closed > AsOf;
                string stageReached;
                if (isOpen)
                {
                    var progress = (AsOf.DayNumber - created.DayNumber) / (double)Math.Max(1, expectedDays);
                    stageReached = progress switch { < 0.3 => "Prospecting", < 0.6 => "Qualification", < 0.9 => "Proposal", _ => "Negotiation" };
                }
                else
                {
                    stageReached = _rng.NextDouble() switch { < 0.2 => "Prospecting", < 0.5 => "Qualification", < 0.8 => "Proposal", _ => "Negotiation" };
                }
                var source = isCustomer ? _rng.Pick(LeadSources) : _rng.Pick(LeadSources.Where(s => s != "Existing Customer").ToArray());
                var owner = account.OwnerOn(created);
                var years = isCustomer ? (created.DayNumber - company.CustomerSince!.Value.DayNumber) / 365.25 : 0;
                var x = -1.6
                    + stageReached switch { "Prospecting" => -1.0, "Qualification" => -0.4, "Proposal" => 0.3, _ => 1.1 }
                    - (0.45 * Math.Log10((double)Math.Max(1000m, amount) / 100_000))
                    + owner.Skill
                    + (isCustomer ? 0.9 + (0.1 * Math.Min(years, 5)) : 0)
                    + (0.35 * Math.Clamp(wins - losses, -2, 2))
                    + source switch { "Referral" => 0.5, "Existing Customer" => 0.3, "Trade Show" => 0.0, "Web" => -0.3, _ => -0.7 }
                    - (customer?.LatePayer == true && isCustomer ? 0.4 : 0);
                // A deal still open when the customer quietly stops is lost, whatever it looked like.
                var p = customer?.ChurnOn is { } stops && stops <= closed.AddDays(8) ? 0 : DemoRandom.Logistic(x);
                var won = !isOpen && _rng.Chance(p);
                var (ratio, response) = DrawPrice(discount, x, p, isOpen ? _prices.Chance(p) : won);
                lines = lines.ConvertAll(l => l with { UnitPrice = Math.Round(l.Product.ListPrice * (decimal)ratio, 2) });
                DateOnly? orderedOn = null;
                if (won)
                {
                    wins++;
                    var d = DemoCalendar.NextWorkingDay(closed.AddDays(_rng.Next(0, 8)));
                    orderedOn = d > AsOf ? AsOf : d;
                }
                else if (!isOpen)
                {
                    losses++;
                }
                var family = lines.Count > 0 ? lines[0].Product.Family : "parts";
                var opportunity = new DemoOpportunity
                {
                    Id = $"OPP-{++_oppSeq:D6}",
                    Account = account,
                    Owner = owner,
                    Name = $"{ShortName(account.Name)} - {family} {created.Year}Q{((created.Month - 1) / 3) + 1}",
                    Stage = isOpen ? stageReached : won ? "Closed Won" : "Closed Lost",
                    Amount = Math.Round(lines.Sum(l => l.Quantity * l.UnitPrice), 2),
                    CreatedOn = created,
                    ExpectedClose = expectedClose,
                    ClosedOn = isOpen ? null : closed,
                    Outcome = isOpen ? OpportunityOutcome.Open : won ? OpportunityOutcome.Won : OpportunityOutcome.Lost,
                    LeadSource = source,
                    TrueWinProbability = Math.Round(p, 4),
                    OrderedOn = orderedOn,
                    PriceRatio = Math.Round(ratio, 4),
                    PriceResponse = response,
                };
                opportunity.Lines.AddRange(lines);
                if (lines.Count > 0)
                {
                    company.Opportunities.Add(opportunity);
                    Opportunities.Add(opportunity);
                }
                if (won && converting && company.Customer is null)
                {
                    var customer2 = MakeCustomer(company, orderedOn!.Value, existing: false);
                    // The new customer goes on buying what it first ordered.
                    foreach (var line in lines.Where(l => customer2.Pairs.All(p2 => p2.Product != l.Product)))
                        customer2.Pairs.Add(NewPair(customer2, line.Product, orderedOn.Value.AddDays(_rng.Next(20, 90)), existing: false));
                    if (Customers.Count >= options.Customers)
                        converting = false;
                }
                t += Math.Max(7, (int)_rng.GammaMeanCv(365 / ratePerYear, 0.8));
            }
        }

        /// <summary>
        /// The deal's price ratio r = price / list, drawn after its outcome so that no outcome changes, yet the price
        /// matters. With g(r) the prior of prices (the customer's usual ratio ± <see cref="PriceNoise"/>, kept within
        /// [<see cref="PriceLow"/>, <see cref="PriceHigh"/>]) and h(r) = σ(c − β·(r − r0)), r is drawn from g·h / Z₁ for a
        /// won deal and from g·(1 − h) / Z₀ for a lost one, with Z₁ = ∫g·h and Z₀ = 1 − Z₁. By Bayes, with p = σ(x) the
        /// deal's probability before its price:
        /// P(win | r) = p·g·h/Z₁ / (p·g·h/Z₁ + (1 − p)·g·(1 − h)/Z₀), so
        /// logit P(win | r) = x + logit h(r) − logit Z₁ = [x − logit Z₁ + c + β·r0] − β·r:
        /// exactly logistic in r with slope −β on top of the deal's own logit. An open deal's price is drawn the same way
        /// from an outcome drawn with p, so the same curve holds for it. The size term of x is the deal's size at the
        /// customer's usual price; it is part of what is held fixed.
        /// </summary>
        private (double Ratio, DemoPriceResponse Response) DrawPrice(double usual, double logit, double p, bool won)
        {
            var z1 = PriceNormaliser(usual);
            var intercept = p <= 0 ? double.NegativeInfinity : logit - Logit(z1) + PriceC + (PriceBeta * PriceR0);
            while (true)
            {
                var r = _prices.Normal(usual, PriceNoise);
                if (r < PriceLow || r > PriceHigh)
                    continue;
                var h = DemoRandom.Logistic(PriceC - (PriceBeta * (r - PriceR0)));
                if (_prices.Chance(won ? h : 1 - h))
                    return (r, new DemoPriceResponse(intercept, -PriceBeta));
            }
        }

        /// <summary>Z₁ = ∫ g(r)·h(r) dr for a prior centred on <paramref name="usual"/> (midpoint rule over the truncated normal).</summary>
        private static double PriceNormaliser(double usual)
        {
            const int Steps = 700;
            double mass = 0, weighted = 0;
            for (var i = 0; i < Steps; i++)
            {
                var r = PriceLow + ((i + 0.5) * (PriceHigh - PriceLow) / Steps);
                var u = (r - usual) / PriceNoise;
                var g = Math.Exp(-0.5 * u * u);
                mass += g;
                weighted += g * DemoRandom.Logistic(PriceC - (PriceBeta * (r - PriceR0)));
            }
            return weighted / mass;
        }

        private static double Logit(double q) => Math.Log(q / (1 - q));

        private static string ShortName(string name)
        {
            var trimmed = name.Trim();
            return trimmed.Length <= 12 ? trimmed : trimmed[..12].TrimEnd();
        }

        public void MakeStockAndSupply()
        {
            // Demand per day at the as-of date, from the true cycles of the pairs still buying.
            var rate = new double[Products.Count];
            foreach (var c in Customers)
            {
                foreach (var p in c.Pairs)
                {
                    if (p.Start <= AsOf && (p.ChurnOn is null || p.ChurnOn > AsOf))
                        rate[p.Product.Index] += p.MeanQuantity * Math.Exp(c.Growth * options.Years) / p.MeanCycleDays;
                }
            }
            var poSeq = 0;
            var bySupplier = new Dictionary<string, List<(DemoProduct Product, decimal Qty, DateOnly Eta)>>(StringComparer.Ordinal);
            foreach (var product in Products)
            {
                var daily = rate[product.Index];
                var lead = product.LeadTimeDays;
                var headingForStockOut = _rng.Chance(0.12);
                var coverDays = headingForStockOut ? _rng.Uniform(0, 0.5) * lead : _rng.Uniform(0.3, 2.5) * (lead + 30);
                var onHand = RoundToPack(daily * coverDays, product.PackSize, allowZero: true);
                if (daily == 0)
                    onHand = RoundToPack(_rng.Next(0, 6), product.PackSize, allowZero: true);
                if (_rng.Chance(0.2) && onHand > product.PackSize)
                {
                    var second = RoundToPack((double)onHand * 0.3, product.PackSize, allowZero: true);
                    Stock.Add(new DemoStock(product, "TPE", onHand - second, AsOf));
                    Stock.Add(new DemoStock(product, "TXG", second, AsOf));
                }
                else
                {
                    Stock.Add(new DemoStock(product, "TPE", onHand, AsOf));
                }
                var reorderPoint = daily * (lead + 30);
                var needsSupply = (double)onHand < reorderPoint && daily > 0;
                if (!needsSupply && !_rng.Chance(0.08))
                    continue;
                if (headingForStockOut && _rng.Chance(0.5))
                    continue; // nobody noticed yet: no purchase order at all
                var qty = Math.Max(product.Moq, RoundToPack(Math.Max(1, daily) * (lead + 60), product.PackSize));
                // A stock-out in the making: the supply arrives after the stock runs out.
                var eta = headingForStockOut ? AsOf.AddDays(lead + _rng.Next(5, 30)) : AsOf.AddDays(_rng.Next(3, lead + 1));
                if (!bySupplier.TryGetValue(product.Supplier, out var list))
                    bySupplier[product.Supplier] = list = [];
                list.Add((product, qty, eta));
            }
            foreach (var (supplier, lines) in bySupplier.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                // One purchase order per supplier and expected week.
                foreach (var group in lines.GroupBy(l => l.Eta.DayNumber / 7).OrderBy(g => g.Key))
                {
                    var number = $"PO{AsOf:yyMM}{++poSeq:D4}";
                    var lineNo = 0;
                    foreach (var (product, qty, eta) in group)
                        PurchaseOrders.Add(new DemoPurchaseOrderLine(number, ++lineNo, product, qty, eta, supplier));
                }
            }
        }

        internal static decimal RoundToPack(double quantity, decimal pack, bool allowZero = false)
        {
            var packs = Math.Round(quantity / (double)pack);
            if (!allowZero)
                packs = Math.Max(1, packs);
            return (decimal)packs * pack;
        }
    }

    private static double[] Cumulative(double[] weights)
    {
        var result = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            result[i] = sum;
        }
        return result;
    }
}
