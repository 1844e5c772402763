using System.Text.Json;
using Forecast.Core.Inventory;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// What a rep reads, checked against the facts it was built from, over every reminder a realistic world gives: stock
/// promises that agree with the stock, no "due" the day after an order, no "at risk" for a customer who just ordered,
/// the restock wording never sent to a customer at risk, and a why-now that says when the order is expected.
/// </summary>
public sealed class ReminderTruthWorld : IAsyncLifetime
{
    private static readonly DemoWorldOptions World = new() { Seed = 23, Customers = 160, Products = 60 };

    private readonly TestDatabase _database = new();

    public List<(Reminder Reminder, DraftFacts Facts)> Reminders { get; private set; } = [];
    public Dictionary<long, InventoryPlan> Plans { get; private set; } = [];

    /// <summary>The demo world through the nightly stages and the morning's reminders, once for the class.</summary>
    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using (var db = _database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, DemoWorldGenerator.Generate(World), DemoSeedParts.All);
        var clock = new FakeTimeProvider(new DateTimeOffset(World.AsOf.AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        using var host = PipelineRunner.CreateHost(_database, clock, new Dictionary<string, string?> { ["Demand:BacktestWindows"] = "1" });
        await PipelineRunner.RunAsync(host, null, ["customers", "win-probability", "demand", "reorder", "inventory"]);
        await PipelineRunner.RunAsync(host, null, [RemindersStage.StageName]);

        await using var check = _database.CreateContext();
        Reminders = (await check.Reminders.AsNoTracking().ToListAsync()).Select(r => (r, ReminderFacts.Read(r.FactsJson))).ToList();
        Plans = await check.InventoryPlans.AsNoTracking().ToDictionaryAsync(p => p.ProductId);
    }

    public Task DisposeAsync() => _database.DisposeAsync();
}

public sealed class ReminderTruthTests : IClassFixture<ReminderTruthWorld>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<(Reminder Reminder, DraftFacts Facts)> _reminders;
    private readonly Dictionary<long, InventoryPlan> _plans;
    private readonly ITestOutputHelper output;

    public ReminderTruthTests(ReminderTruthWorld world, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(world);
        _reminders = world.Reminders;
        _plans = world.Plans;
        this.output = output;
        output.WriteLine($"{_reminders.Count} reminders: {string.Join(", ", _reminders.GroupBy(r => r.Reminder.Kind).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.True(_reminders.Count >= 20, $"only {_reminders.Count} reminders: too few to judge");
    }

    [Fact]
    public void Availability_SaysShortOnlyWhenTheStockNotPromisedToOrdersIsBelowTheUsualQuantity()
    {
        var withAvailability = _reminders.Where(r => r.Facts.Availability is not null && r.Reminder.ProductId is not null).ToList();
        Assert.NotEmpty(withAvailability);
        var falseShort = 0;
        foreach (var (reminder, facts) in withAvailability)
        {
            var plan = _plans[reminder.ProductId!.Value];
            var steps = JsonSerializer.Deserialize<List<AtpStepJson>>(plan.AvailableToPromiseJson, Json)!;
            var shelf = steps[0].Quantity;
            var usual = facts.Product!.UsualQuantity;
            Assert.True(facts.Availability!.ShortForUsualQuantity == shelf < usual,
                $"#{reminder.Id} {reminder.ProductName}: short={facts.Availability.ShortForUsualQuantity}, {shelf} promisable now, usual {usual}");
            if (facts.Availability.ShortForUsualQuantity && plan.StockoutProbabilityWithinLeadTime == 0 && plan.OnHand >= usual * 2)
                falseShort++;
        }
        Assert.Equal(0, falseShort);
        output.WriteLine($"{withAvailability.Count(r => r.Facts.Availability!.ShortForUsualQuantity)} of {withAvailability.Count} say short");
    }

    [Fact]
    public void Drafts_NeverPromiseQuickShipment_WhenTheUsualQuantityIsNotAvailable()
    {
        foreach (var (reminder, facts) in _reminders.Where(r => r.Facts.Availability is { ShortForUsualQuantity: true } && r.Reminder.DraftBody is not null))
        {
            Assert.DoesNotContain("We have it in stock", reminder.DraftBody, StringComparison.Ordinal);
            Assert.DoesNotContain("目前有現貨", reminder.DraftBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReorderDue_NeverComesEarlyInTheCycle_AndSaysWhenTheOrderIsExpected()
    {
        var due = _reminders.Where(r => r.Reminder.Kind == ReminderKind.ReorderDue).ToList();
        Assert.NotEmpty(due);
        foreach (var (reminder, facts) in due)
        {
            var cycle = facts.Product!.TypicalCycleDays!.Value;
            Assert.True(facts.DaysSinceLastOrder >= 0.5 * cycle - 0.5, $"#{reminder.Id}: due {facts.DaysSinceLastOrder} days after an order on a {cycle}-day cycle");
            Assert.NotNull(facts.PredictedOrderDate);
            Assert.True(facts.PredictedOrderDate > facts.Today, $"#{reminder.Id}: predicted {facts.PredictedOrderDate}");
            Assert.True(facts.ProbabilityActive is null or >= 0.5, $"#{reminder.Id}: P(active) {facts.ProbabilityActive}");
            var why = reminder.WhyNow;
            Assert.True(why.Contains("next order expected", StringComparison.Ordinal) || why.Contains("預計下次訂購", StringComparison.Ordinal), why);
        }
    }

    [Fact]
    public void AtRisk_IsNeverACustomerThatJustOrdered_AndNeverGetsTheRestockWording()
    {
        foreach (var (reminder, facts) in _reminders.Where(r => r.Reminder.Kind == ReminderKind.AtRisk))
        {
            if (reminder.ProductId is null)
                Assert.True(facts.DaysSinceLastOrder >= 30, $"#{reminder.Id}: customer at risk {facts.DaysSinceLastOrder} days after its last order");
            else
                Assert.True(facts.LateSince is { } late && late < facts.Today, $"#{reminder.Id}: pair at risk but not late");
            if (reminder.DraftBody is { } body)
            {
                Assert.DoesNotContain("run low", body, StringComparison.Ordinal);
                Assert.DoesNotContain("庫存用完前", body, StringComparison.Ordinal);
            }
        }
    }
}
