namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>
/// Simulates the second world from <see cref="SecondWorldOptions.Start"/> to <see cref="SecondWorldOptions.End"/>
/// (D plus a year, so that the truth after D is known). Deterministic for a seed. The laws, in short:
/// <list type="bullet">
/// <item>Each customer × product pair orders by one of three laws (<see cref="OrderingLaw"/>): a purchasing calendar,
/// a drifting cycle with log-logistic noise, or Weibull gaps; some pairs add rush top-ups between regular orders.</item>
/// <item>Seasons: nobody orders in its country's quiet windows (Lunar New Year, Golden Week, the German August...);
/// Lunar New Year stockers pull orders forward and buy more; US customers flush budgets before Christmas.</item>
/// <item>Churn: a pair may stop while its customer goes on (hazard 4, 15 or 60 % a year), a customer may stop for
/// good (18 % of customers at some point), a product may be discontinued; some customers go dormant for 3–9 months
/// and come back.</item>
/// <item>Orders of a few days are merged per customer; 2.5 % are cancelled (most placed again days later);
/// 1.2 % of lines come back as return lines.</item>
/// <item>Deals move through five stages by <see cref="DealLaw"/>; won deals start new pairs, and won prospects become
/// ERP customers.</item>
/// </list>
/// </summary>
public static class SecondWorldGenerator
{
    public static SecondWorld Generate(SecondWorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AsOf < options.Start.AddDays(365) || options.AsOf > options.End.AddDays(-200))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AsOf,
                $"D must leave a year of history after {options.Start:yyyy-MM-dd} and 200 simulated days before {options.End:yyyy-MM-dd}.");
        }
        var world = new SecondWorld { Options = options };
        new WorldSimulation(options, world).Run();
        return world;
    }
}

internal sealed partial class WorldSimulation(SecondWorldOptions options, SecondWorld world)
{
    private readonly int _seed = options.Seed;
    private readonly DateOnly _start = options.Start;
    private readonly DateOnly _end = options.End;
    private readonly DateOnly _asOf = options.AsOf;
    private readonly DateOnly _anchor = options.Anchor;
    private readonly CompanyIdentities _identities = new(options.Seed);
    /// <summary>The products each customer buys regularly (before deals add more), with when each pair starts.</summary>
    private readonly Dictionary<WorldCustomer, List<(WorldProduct Product, DateOnly StartsOn)>> _assortments = [];
    private readonly List<(WorldCustomer Customer, WorldProduct Product, DateOnly StartsOn, bool OneOff)> _wonPairs = [];
    private int _nextCustomerNumber;

    public void Run()
    {
        MakeProducts();
        for (var i = 0; i < options.Customers; i++)
            AddCustomer(_identities.Next(), since: null, fromProspect: null);
        MakeReps();
        MakeAccounts();
        MakeDeals();
        MakePairs();
        MakeOrders();
        MakeInvoices();
        MakeStockAndSupply();
        MakeContacts();
        MakeActivities();
    }

    private WorldRandom Random(string stream, int index = 0) => WorldRandom.For(_seed, stream, index);

    private static DateOnly Day(double dayNumber) => DateOnly.FromDayNumber((int)Math.Floor(dayNumber));

    private DateOnly UniformDay(WorldRandom random, DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(random.Int(from.DayNumber, to.DayNumber));
}
