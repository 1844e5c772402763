using Forecast.Core.Data;

namespace Forecast.DemoWorld;

/// <summary>
/// The generated world. Master data lives in these lists; orders, invoices and activities are generated per company
/// when <see cref="Histories"/> is enumerated (each time the same, from the company's own random stream), so a world of
/// 20,000 customers never holds its millions of order lines in memory. CSV writers and database seeders both read this.
/// </summary>
public sealed class DemoWorld(
    DemoWorldOptions options,
    IReadOnlyList<DemoRep> reps,
    IReadOnlyList<DemoProduct> products,
    IReadOnlyList<DemoCompany> companies,
    IReadOnlyList<DemoCustomer> customers,
    IReadOnlyList<DemoAccount> accounts,
    IReadOnlyList<DemoOpportunity> opportunities,
    IReadOnlyList<DemoStock> stock,
    IReadOnlyList<DemoPurchaseOrderLine> purchaseOrders,
    IReadOnlyList<DemoOwnerConflict> ownerConflicts,
    IReadOnlyList<DemoCostChange> costChanges)
{
    public DemoWorldOptions Options { get; } = options;
    public IReadOnlyList<DemoRep> Reps { get; } = reps;
    public IReadOnlyList<DemoProduct> Products { get; } = products;
    public IReadOnlyList<DemoCompany> Companies { get; } = companies;
    public IReadOnlyList<DemoCustomer> Customers { get; } = customers;
    public IReadOnlyList<DemoAccount> Accounts { get; } = accounts;
    public IReadOnlyList<DemoOpportunity> Opportunities { get; } = opportunities;
    public IReadOnlyList<DemoStock> Stock { get; } = stock;
    public IReadOnlyList<DemoPurchaseOrderLine> PurchaseOrders { get; } = purchaseOrders;
    /// <summary>Companies the generator made two active reps work (ground truth for owner conflicts).</summary>
    public IReadOnlyList<DemoOwnerConflict> OwnerConflicts { get; } = ownerConflicts;
    /// <summary>Dated unit-cost changes, by product then date; before a product's first change its cost is its standard cost.</summary>
    public IReadOnlyList<DemoCostChange> CostChanges { get; } = costChanges;

    /// <summary>The unit cost of <paramref name="product"/> in force on <paramref name="day"/>.</summary>
    public decimal CostOn(DemoProduct product, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(product);
        _costsByProduct ??= CostChanges.ToLookup(c => c.Product.Index);
        var cost = product.StandardCost;
        foreach (var change in _costsByProduct[product.Index])
        {
            if (change.EffectiveOn > day)
                break;
            cost = change.UnitCost;
        }
        return cost;
    }

    private ILookup<int, DemoCostChange>? _costsByProduct;

    /// <summary>CRM accounts that belong to no ERP customer.</summary>
    public IEnumerable<DemoAccount> Prospects => Accounts.Where(a => a.Company.Customer is null);

    /// <summary>Orders, invoices and activities, one company at a time, in company order.</summary>
    public IEnumerable<DemoCompanyHistory> Histories()
    {
        foreach (var company in Companies)
            yield return DemoHistory.Generate(this, company);
    }
}

/// <summary>Streams one company's orders, invoices and activities from its own random streams.</summary>
internal static class DemoHistory
{
    private static readonly (ActivityKind Kind, double Weight)[] Kinds =
        [(ActivityKind.Call, 0.45), (ActivityKind.Email, 0.30), (ActivityKind.Meeting, 0.15), (ActivityKind.Visit, 0.10)];

    private static readonly Dictionary<ActivityKind, string[]> SubjectsZh = new()
    {
        [ActivityKind.Call] = ["電話追蹤報價", "詢問交期", "確認庫存需求", "電話關心使用狀況"],
        [ActivityKind.Email] = ["寄送報價單", "新品型錄", "交期確認信", "年度價格調整通知"],
        [ActivityKind.Meeting] = ["年度採購會議", "技術交流會議", "專案檢討會"],
        [ActivityKind.Visit] = ["拜訪工廠", "現場技術支援", "新機台安裝拜訪"],
    };

    private static readonly Dictionary<ActivityKind, string[]> SubjectsEn = new()
    {
        [ActivityKind.Call] = ["Follow-up call on quote", "Lead time inquiry", "Stock needs check", "Check-in call"],
        [ActivityKind.Email] = ["Sent quotation", "New catalogue", "Delivery confirmation", "Annual price update"],
        [ActivityKind.Meeting] = ["Annual purchasing meeting", "Technical meeting", "Project review"],
        [ActivityKind.Visit] = ["Plant visit", "On-site technical support", "New machine installation visit"],
    };

    public static DemoCompanyHistory Generate(DemoWorld world, DemoCompany company)
    {
        var seed = world.Options.Seed;
        var orders = new List<DemoOrder>();
        var invoices = new List<DemoInvoice>();
        if (company.Customer is not null)
            MakeOrders(world, company.Customer, DemoRandom.Stream(seed, company.Index, 1), orders, invoices);
        var activities = MakeActivities(world, company, DemoRandom.Stream(seed, company.Index, 2));
        return new DemoCompanyHistory(company, orders, invoices, activities);
    }

    private static void MakeOrders(DemoWorld world, DemoCustomer customer, Random rng, List<DemoOrder> orders, List<DemoInvoice> invoices)
    {
        var start = world.Options.Start;
        var asOf = world.Options.AsOf;
        var events = new List<(DateOnly Day, DemoProduct Product, decimal Qty)>();
        foreach (var pair in customer.Pairs)
        {
            var end = pair.ChurnOn is { } churn && churn <= asOf ? churn.AddDays(-1) : asOf;
            // A pair already running when the window opens is somewhere inside its cycle.
            var t = pair.Start < start ? start.DayNumber + (int)(rng.NextDouble() * pair.MeanCycleDays) : pair.Start.DayNumber;
            while (t <= end.DayNumber)
            {
                var day = DemoCalendar.NextWorkingDay(DateOnly.FromDayNumber(t));
                if (day > end)
                    break;
                var years = (day.DayNumber - start.DayNumber) / 365.25;
                var qty = pair.MeanQuantity * Math.Exp(customer.Growth * years) * DemoCalendar.Season(day)
                    * DemoCalendar.ProductSeason(pair.Product, day) * rng.LogNormalFactor(0.25);
                events.Add((day, pair.Product, RoundToPack(qty, pair.Product.PackSize)));
                // Seasonal items are bought more often in season, not only in larger lots.
                var gap = rng.GammaMeanCv(pair.MeanCycleDays, pair.CycleCv) / DemoCalendar.ProductSeason(pair.Product, day);
                t = day.DayNumber + Math.Max(1, (int)Math.Round(gap));
            }
        }

        var code = customer.Code[1..];
        // Buyers gather what they need in a week into one order, dated the first day of need.
        var byDay = events.GroupBy(e => e.Day.DayNumber / 7).Select(g => (Day: g.Min(e => e.Day), Lines: g.OrderBy(e => e.Day).ThenBy(e => e.Product.Index).ToList()));
        var perDay = new Dictionary<DateOnly, int>();
        string NextNumber(string prefix, DateOnly day)
        {
            perDay[day] = perDay.GetValueOrDefault(day) + 1;
            return $"{prefix}{day:yyMMdd}-{code}-{perDay[day]}";
        }

        var pending = new List<(DateOnly Day, List<(DemoProduct Product, decimal Qty, decimal? Price)> Lines, string? Opp)>();
        foreach (var (day, lines) in byDay)
            pending.Add((day, lines.Select(e => (e.Product, e.Qty, (decimal?)null)).ToList(), null));
        foreach (var opp in customer.Company.Opportunities.Where(o => o.OrderedOn is not null))
            pending.Add((opp.OrderedOn!.Value, opp.Lines.Select(l => (l.Product, l.Quantity, (decimal?)l.UnitPrice)).ToList(), opp.Id));
        pending.Sort((a, b) => a.Day.CompareTo(b.Day) is var c && c != 0 ? c : string.CompareOrdinal(a.Opp, b.Opp));

        var returns = new List<(DateOnly Day, DemoOrderLine Line)>();
        var usd = customer.Currency == "USD";
        foreach (var (day, lines, opp) in pending)
        {
            var number = NextNumber("SO", day);
            var orderLines = new List<DemoOrderLine>(lines.Count);
            foreach (var (product, qty, price) in lines)
            {
                var unit = price ?? Math.Round(product.ListPrice * (decimal)(customer.Discount * rng.Uniform(0.98, 1.02)), 2);
                if (usd)
                    unit = Math.Round(unit / 31.5m, 2);
                orderLines.Add(new DemoOrderLine(orderLines.Count + 1, product, qty, unit, false));
            }
            var age = asOf.DayNumber - day.DayNumber;
            var status = age switch
            {
                < 5 => SalesOrderStatus.Open,
                < 12 => SalesOrderStatus.Shipped,
                _ => rng.Chance(0.015) ? SalesOrderStatus.Cancelled : SalesOrderStatus.Invoiced,
            };
            var requested = day.AddDays(rng.Next(7, 22));
            orders.Add(new DemoOrder(number, customer, day, requested, status, customer.Currency, orderLines, opp));
            if (status == SalesOrderStatus.Invoiced)
            {
                invoices.Add(Invoice(customer, number, day, orderLines.Sum(l => l.Quantity * l.UnitPrice), rng, world.Options));
                foreach (var line in orderLines)
                {
                    if (line.Quantity > line.Product.PackSize && rng.Chance(0.008))
                    {
                        var back = -Math.Max(line.Product.PackSize, RoundToPack((double)line.Quantity * rng.Uniform(0.1, 0.5), line.Product.PackSize));
                        var returnDay = DemoCalendar.NextWorkingDay(day.AddDays(rng.Next(7, 40)));
                        if (returnDay <= asOf)
                            returns.Add((returnDay, line with { LineNumber = 1, Quantity = back, IsReturn = true }));
                    }
                }
            }
        }
        foreach (var (day, line) in returns)
            orders.Add(new DemoOrder(NextNumber("RM", day), customer, day, day, SalesOrderStatus.Invoiced, customer.Currency, [line], null));
    }

    private static DemoInvoice Invoice(DemoCustomer customer, string orderNumber, DateOnly orderDay, decimal amount, Random rng, DemoWorldOptions options)
    {
        var asOf = options.AsOf;
        var invoiceDay = DemoCalendar.NextWorkingDay(orderDay.AddDays(rng.Next(2, 9)));
        if (invoiceDay > asOf)
            invoiceDay = asOf;
        var due = invoiceDay.AddDays(customer.PaymentDays);
        amount = Math.Round(amount, 2);
        decimal paid;
        if (due > asOf)
        {
            paid = rng.Chance(0.15) ? amount : 0;
        }
        else
        {
            var overdueDays = asOf.DayNumber - due.DayNumber;
            var churnedLately = customer.ChurnOn is { } churn && orderDay.AddDays(120) >= churn;
            if (customer.LatePayer && overdueDays < 150 && rng.Chance(0.35))
                paid = rng.Chance(0.5) ? 0 : Math.Round(amount * 0.5m, 2);
            else if (churnedLately && rng.Chance(0.4))
                paid = 0;
            else if (overdueDays < 20 && rng.Chance(0.1))
                paid = 0;
            else
                paid = amount;
        }
        var number = "IN" + orderNumber[2..];
        return new DemoInvoice(number, customer, orderNumber, invoiceDay, due, amount, paid, customer.Currency);
    }

    private static List<DemoActivity> MakeActivities(DemoWorld world, DemoCompany company, Random rng)
    {
        var options = world.Options;
        var activities = new List<DemoActivity>();
        var seq = 0;
        var customer = company.Customer;
        foreach (var account in company.Accounts)
        {
            var teammates = world.Reps.Where(r => r.Active && r.Team == account.Owner.Team && r != account.Owner).ToList();
            var from = Math.Max(account.CreatedOn.DayNumber, options.Start.DayNumber);
            var opportunities = company.Opportunities.Where(o => o.Account.Id == account.Id).ToList();
            var chinese = account.Contacts.Count > 0 && account.Contacts[0].Language == "zh-TW";
            for (var week = from; week <= options.AsOf.DayNumber; week += 7)
            {
                var day0 = DateOnly.FromDayNumber(week);
                double perMonth;
                if (customer is not null && customer.Since <= day0)
                    perMonth = customer.ChurnOn is { } churn && churn <= day0 ? 0.6 : 1.5 + (0.5 * Math.Min(company.Size, 3));
                else
                    perMonth = 0.5;
                if (opportunities.Any(o => o.CreatedOn <= day0 && (o.ClosedOn ?? options.AsOf) >= day0))
                    perMonth += 2;
                // The rep who entered the company a second time is actively working it.
                if (account.IsDuplicate)
                    perMonth = Math.Max(perMonth, 2.5);
                var n = rng.Poisson(perMonth * 7 / 30.44);
                var second = account.SecondRep is not null && account.SecondRepFrom <= day0 ? rng.Poisson(2.0 * 7 / 30.44) : 0;
                for (var i = 0; i < n + second; i++)
                {
                    var day = DemoCalendar.NextWorkingDay(DateOnly.FromDayNumber(week + rng.Next(7)));
                    if (day > options.AsOf)
                        continue;
                    var rep = i >= n ? account.SecondRep! : teammates.Count > 0 && rng.Chance(0.01) ? rng.Pick(teammates) : account.OwnerOn(day);
                    var kind = Kinds[rng.PickWeighted(KindCumulative)].Kind;
                    var contact = account.Contacts.Count > 0 && rng.Chance(0.8) ? rng.Pick(account.Contacts) : null;
                    var subject = rng.Pick((chinese ? SubjectsZh : SubjectsEn)[kind]);
                    activities.Add(new DemoActivity($"ACT{company.Index + 1:D6}-{++seq:D4}", account, rep, contact, kind, day, subject));
                }
            }
        }
        activities.Sort((a, b) => a.Date.CompareTo(b.Date) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        return activities;
    }

    private static readonly double[] KindCumulative = Kinds.Select(k => k.Weight).Aggregate(new List<double>(), (acc, w) =>
    {
        acc.Add((acc.Count > 0 ? acc[^1] : 0) + w);
        return acc;
    }).ToArray();

    private static decimal RoundToPack(double quantity, decimal pack) => (decimal)Math.Max(1, Math.Round(quantity / (double)pack)) * pack;
}
