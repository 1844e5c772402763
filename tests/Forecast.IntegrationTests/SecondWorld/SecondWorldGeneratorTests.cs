using System.Globalization;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>The second world's generator on its own (no database): deterministic per seed, and its laws are the stated ones.</summary>
public sealed class SecondWorldGeneratorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-second-world-gen-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SecondWorld World = SecondWorldGenerator.Generate(new SecondWorldOptions());
    private static readonly SecondWorldTruth Truth = World.Truth();

    [Fact]
    public void Export_IsByteForByteTheSame_ForTheSameSeed()
    {
        var small = new SecondWorldOptions { Customers = 60, Products = 30 };
        SecondWorldExport.Write(SecondWorldGenerator.Generate(small), Path.Combine(_folder, "a"));
        SecondWorldExport.Write(SecondWorldGenerator.Generate(small), Path.Combine(_folder, "b"));
        SecondWorldExport.Write(SecondWorldGenerator.Generate(small with { Seed = small.Seed + 1 }), Path.Combine(_folder, "c"));

        var files = Directory.EnumerateFiles(Path.Combine(_folder, "a"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(_folder, "a"), f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(15, files.Count);
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(_folder, "a", file)).SequenceEqual(File.ReadAllBytes(Path.Combine(_folder, "b", file))), file);
        Assert.False(File.ReadAllBytes(Path.Combine(_folder, "a", "erp", "SALESLINES.txt")).SequenceEqual(File.ReadAllBytes(Path.Combine(_folder, "c", "erp", "SALESLINES.txt"))));
    }

    [Fact]
    public void Generate_SimulatesTheSameWorld_ForEveryReplayDayOfAFixedSpan()
    {
        var span = new SecondWorldOptions { Customers = 60, Products = 30, FirstDay = new(2023, 4, 1), LastDay = new(2027, 3, 31) };
        var late = SecondWorldGenerator.Generate(span with { AsOf = new(2026, 3, 31) });
        var early = SecondWorldGenerator.Generate(span with { AsOf = new(2025, 9, 30) });

        Assert.Equal(late.Orders.Select(o => (o.Number, o.Date, o.Customer.Code, o.Cancelled)), early.Orders.Select(o => (o.Number, o.Date, o.Customer.Code, o.Cancelled)));
        Assert.Equal(late.Deals.Select(d => (d.Id, d.ClosedOn, d.Won, d.Theta)), early.Deals.Select(d => (d.Id, d.ClosedOn, d.Won, d.Theta)));
        Assert.Equal(late.Accounts.Select(a => (a.Id, a.Name, a.Customer?.Code)), early.Accounts.Select(a => (a.Id, a.Name, a.Customer?.Code)));
        Assert.True(early.Truth().OpenDeals.Count > 0 && early.Truth().Pairs.All(p => p.LastOrderByAsOf <= early.AsOf && !(p.NextOrder <= early.AsOf)));
        // What D's exports refer to is in D's item master (products launched later are not).
        Assert.All(early.Stock.Select(s => s.Product).Concat(early.Supply.Select(s => s.Product))
                .Concat(early.Orders.Where(o => o.Date <= early.AsOf).SelectMany(o => o.Lines.Select(l => l.Product)))
                .Concat(early.Deals.Where(d => d.CreatedOn <= early.AsOf).SelectMany(d => d.Lines.Select(l => l.Product))),
            p => Assert.False(p.LaunchedOn > early.AsOf, $"{p.Sku} launched {p.LaunchedOn} is referred to on {early.AsOf}"));
    }

    [Fact]
    public void Customers_AreKnownByTwoNames_AndMostHaveATaxId()
    {
        var exported = World.Customers.Where(c => c.Since <= World.AsOf).ToList();
        var taiwanese = exported.Where(c => c.Country == "TW").ToList();
        var twoNames = taiwanese.Count(c => c.EnglishName is not null) / (double)taiwanese.Count;
        var taxIds = exported.Count(c => c.Company.TaxId is not null) / (double)exported.Count;
        var englishOnlyAccounts = World.Accounts.Count(a => a.Customer?.Country == "TW" && a.Name.All(ch => ch < 0x2E80)) / (double)World.Accounts.Count(a => a.Customer?.Country == "TW");
        var prospects = Truth.Links.Count(l => l.CustomerCode is null) / (double)Truth.Links.Count;
        output.WriteLine(Invariant($"{exported.Count} ERP customers by D ({taiwanese.Count} Taiwanese): {twoNames:P0} of Taiwanese have an English name too, {taxIds:P0} have a tax id"));
        output.WriteLine(Invariant($"{Truth.Links.Count} CRM accounts by D: {englishOnlyAccounts:P0} of Taiwanese customers' accounts are typed in English only; {prospects:P0} have no ERP customer"));
        Assert.InRange(twoNames, 0.75, 0.95);
        Assert.InRange(taxIds, 0.75, 0.98);
        Assert.InRange(englishOnlyAccounts, 0.10, 0.30);
        Assert.InRange(prospects, 0.10, 0.35);
    }

    [Fact]
    public void Pairs_FollowThreeNonGammaLaws_WithChurnDormancyAndRushOrders()
    {
        var pairs = Truth.Pairs;
        var laws = pairs.GroupBy(p => p.Law).ToDictionary(g => g.Key, g => g.Count() / (double)pairs.Count);
        var churned = pairs.Count(p => p.ChurnedByAsOf) / (double)pairs.Count;
        var customerChurned = pairs.Count(p => p.CustomerChurnedByAsOf) / (double)pairs.Count;
        var dormant = pairs.Count(p => p.DormantOnAsOf);
        var reorderWithin180 = pairs.Count(p => p.NextOrder <= World.AsOf.AddDays(180)) / (double)pairs.Count;
        var rushLines = World.Orders.SelectMany(o => o.Lines).Count(l => l.Rush) / (double)World.Orders.SelectMany(o => o.Lines).Count();
        var cancelled = World.Orders.Count(o => o.Cancelled) / (double)World.Orders.Count;
        output.WriteLine(Invariant($"{pairs.Count} pairs with an order by D: {string.Join(", ", laws.Select(l => $"{l.Key} {l.Value:P0}"))}"));
        output.WriteLine(Invariant($"churned by D {churned:P1} (customer churned {customerChurned:P1}); {dormant} pairs of customers dormant on D; {reorderWithin180:P1} reorder within 180 d"));
        output.WriteLine(Invariant($"{World.Orders.Count} orders, {cancelled:P1} cancelled, {rushLines:P1} of lines are rush or budget top-ups; {pairs.Count(p => p.FromWonDeal)} pairs started by won deals"));
        foreach (var law in Enum.GetValues<OrderingLaw>())
            Assert.True(laws.GetValueOrDefault(law) >= 0.10, $"{law}: {laws.GetValueOrDefault(law):P0} of pairs");
        Assert.InRange(churned, 0.15, 0.45);
        Assert.InRange(customerChurned, 0.03, 0.25);
        Assert.True(dormant > 0, "some customers are dormant on D and come back later");
        Assert.InRange(rushLines, 0.02, 0.15);
        Assert.InRange(cancelled, 0.01, 0.05);
        Assert.Contains(pairs, p => p.FromWonDeal);
    }

    [Fact]
    public void Orders_NeverFallInQuietWindowsDormancyOrAfterAStop()
    {
        var stops = World.Pairs.ToDictionary(p => (p.Customer, p.Product), p => p.StopsOn);
        foreach (var order in World.Orders.Where(o => !o.IsReturn && !o.Cancelled))
        {
            Assert.False(TradeCalendar.IsQuiet(order.Customer.Country, order.Date), $"{order.Number} on {order.Date} in a quiet window of {order.Customer.Country}");
            Assert.False(order.Customer.Dormant is { } d && order.Date >= d.From && order.Date <= d.To, $"{order.Number} while {order.Customer.Code} is dormant");
            foreach (var line in order.Lines)
                Assert.False(stops[(order.Customer, line.Product)] <= order.Date, $"{order.Number} orders {line.Product.Sku} after the pair stopped");
        }
    }

    [Fact]
    public void Deals_AreWonAsOftenAsTheirTrueProbabilitySays()
    {
        // The stage law is exact: the mean of P(won | entry stage, θ) over all closed deals matches the share won.
        var closed = World.Deals.Where(d => d.ClosedOn <= World.Options.End).ToList();
        var predicted = closed.Average(d => DealLaw.WinProbability(d.Stages[0].Stage, d.Theta));
        var won = closed.Count(d => d.Won) / (double)closed.Count;
        var open = Truth.OpenDeals;
        output.WriteLine(Invariant($"{closed.Count} deals: {won:P1} won, {predicted:P1} expected; {open.Count} open on D, mean true P {open.Average(d => d.WinProbability):0.000}, {open.Count(d => d.Won)} won later"));
        output.WriteLine(Invariant($"open deals by stage: {string.Join(", ", open.GroupBy(d => d.StageOnAsOf).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}"));
        Assert.InRange(won - predicted, -0.04, 0.04);
        Assert.True(open.Count >= 60, $"{open.Count} open deals on D");
        var amounts = World.Deals.Select(d => (double)d.Amount).Order().ToArray();
        output.WriteLine(Invariant($"deal amounts (TWD): P10 {amounts[amounts.Length / 10]:#,0}, median {amounts[amounts.Length / 2]:#,0}, P90 {amounts[amounts.Length * 9 / 10]:#,0}"));
        Assert.InRange(amounts[amounts.Length / 2], 50_000, 2_000_000);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
