using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Customers;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.Core.Reorder;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forecast.IntegrationTests.Reorder;

public sealed class ReorderPredictionJobTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Fact]
    public async Task RunAsync_PredictsTheTrueCycleAndReplacesItsRows_WhenRunTwiceOverTwoPartitions()
    {
        await database.ResetAsync();
        var world = await SeedAsync();

        var first = await RunAllPartitionsAsync(2);
        var second = await RunAllPartitionsAsync(2);

        await using var db = database.CreateContext();
        var rows = await db.ReorderPredictions.AsNoTracking().ToListAsync();
        Assert.Equal(world.Pairs.Count, rows.Count);
        Assert.Equal(world.Pairs.Count, first);
        Assert.Equal(first, second);
        var model = Assert.Single(await db.ModelVersions.Where(m => m.Kind == "reorder").ToListAsync());
        Assert.True(model.IsCurrent);
        Assert.Equal(AsOf, model.TrainedTo);
        Assert.Contains("precision", model.MetricsJson, StringComparison.OrdinalIgnoreCase);
        var run = Assert.Single(await db.PredictionRuns.Where(r => r.Kind == "reorder").ToListAsync());
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(rows.Count, run.Items);
        Assert.Equal(model.Id, run.ModelVersionId);
        Assert.All(rows, r => Assert.Equal(run.Id, r.PredictionRunId));

        // The steady 30-day buyer: last real order 20 days ago (the later cancelled order, the return line and the
        // order after the as-of day are ignored), so the next order is due in about 10 days.
        var steady = rows.Single(r => r.CustomerId == world.Steady.Customer && r.ProductId == world.Steady.Product);
        var due = AsOf.AddDays(10);
        Assert.Equal(AsOf.AddDays(-20), steady.LastOrderDate);
        Assert.Equal(world.SteadyOrders, steady.OrderCount);
        Assert.InRange(steady.TypicalCycleDays, 27, 33);
        Assert.NotNull(steady.PredictedDate);
        Assert.InRange(steady.PredictedDate.Value.DayNumber - due.DayNumber, -4, 4);
        Assert.InRange(due, steady.P10Date!.Value, steady.P90Date!.Value);
        Assert.True(steady.P10Date <= steady.P25Date && steady.P25Date <= steady.PredictedDate && steady.PredictedDate <= steady.P75Date && steady.P75Date <= steady.P90Date);
        Assert.True(steady.ProbabilityWithinHorizon > 0.6, $"P(order within 30 days) = {steady.ProbabilityWithinHorizon}");
        Assert.InRange((double)steady.UsualQuantity, 9.5, 10.5);

        // A customer who bought every 30 days but has bought nothing for 250 days is not about to order.
        var lapsed = rows.Single(r => r.CustomerId == world.Lapsed.Customer && r.ProductId == world.Lapsed.Product);
        Assert.True(lapsed.ProbabilityWithinHorizon < 0.2, $"P(order within 30 days) = {lapsed.ProbabilityWithinHorizon}");
        Assert.True(lapsed.ProbabilityWithinHorizon < steady.ProbabilityWithinHorizon / 4);
        // Nothing expected from it: no date at all (written as nulls by the binary COPY), rather than a far-off one.
        Assert.Null(lapsed.PredictedDate);
        Assert.Null(lapsed.P10Date);
        Assert.Null(lapsed.P90Date);
        Assert.All(rows, r => Assert.True(r.P90Date is null || r.P90Date <= AsOf.AddDays(3650), $"{r.CustomerId}/{r.ProductId}: P90 {r.P90Date}"));

        // Over every pair still buying with 4+ orders, the 80% interval holds the date its true cycle points to.
        var regular = world.Pairs.Where(p => p.Active && p.Orders >= 4).ToList();
        var covered = regular.Count(p =>
        {
            var r = rows.Single(x => x.CustomerId == p.Customer && x.ProductId == p.Product);
            var next = r.LastOrderDate.AddDays(p.CycleDays);
            return next < AsOf || (next >= r.P10Date && next <= r.P90Date);
        });
        Assert.True(regular.Count >= 30, $"only {regular.Count} regular pairs seeded");
        Assert.True(covered >= 0.7 * regular.Count, $"{covered} of {regular.Count} true next dates inside the 80% interval");

        // Re-running replaced the rows rather than adding to them, with the same numbers.
        Assert.Equal(rows.Count, rows.Select(r => (r.CustomerId, r.ProductId)).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_GivesTheSameNumbers_WhenRunAgain()
    {
        await database.ResetAsync();
        await SeedAsync();

        await RunAllPartitionsAsync(3);
        var before = await SnapshotAsync();
        await RunAllPartitionsAsync(3);
        var after = await SnapshotAsync();

        Assert.Equal(before, after);
    }

    /// <summary>
    /// Three pairs, run first without and then with reps' dismissals (the same day's run replaces the first, with the
    /// same fitted model): "not buying" yesterday lowers the steady pair's P(order) and P(pair active) and says why; a
    /// dismissal followed by an order of the product, and one dated after the as-of day, change nothing.
    /// </summary>
    [Fact]
    public async Task RunAsync_LowersPOrder_WhenARepDismissedThePairAsNotBuyingBeforeTheAsOfDay_AndNotAfterALaterOrderOrAFutureDismissal()
    {
        await database.ResetAsync();
        var world = await SeedAsync();
        await RunAllPartitionsAsync(2);
        var before = await PairRowsAsync();

        var steady = (world.Steady.Customer, world.Steady.Product);
        var regular = world.Pairs.Where(p => p.Active && p.Orders >= 4 && p.Customer != world.Steady.Customer).Take(2).ToList();
        var orderedSince = (regular[0].Customer, regular[0].Product);
        var future = (regular[1].Customer, regular[1].Product);
        await using (var db = database.CreateContext())
        {
            var orderedSinceLast = before[orderedSince].LastOrderDate;
            await DismissAsync(db, steady, AsOf.AddDays(-1), DismissReason.NotBuying);
            await DismissAsync(db, orderedSince, orderedSinceLast.AddDays(-1), DismissReason.AlreadyOrdered);
            await DismissAsync(db, future, AsOf.AddDays(1), DismissReason.NotBuying);
        }
        await RunAllPartitionsAsync(2);
        var after = await PairRowsAsync();

        Assert.True(after[steady].ProbabilityWithinHorizon < before[steady].ProbabilityWithinHorizon * 0.9,
            $"P(order) {after[steady].ProbabilityWithinHorizon} after the dismissal, {before[steady].ProbabilityWithinHorizon} before");
        Assert.True(after[steady].ProbabilityPairActive < before[steady].ProbabilityPairActive);
        Assert.Equal("NotBuying", after[steady].DismissalReason);
        Assert.Equal(AsOf.AddDays(-1), after[steady].DismissalDate);
        Assert.Equal(before[steady].PredictedDate, after[steady].PredictedDate);
        foreach (var pair in new[] { orderedSince, future })
        {
            Assert.Null(after[pair].DismissalReason);
            Assert.Equal(before[pair].ProbabilityWithinHorizon, after[pair].ProbabilityWithinHorizon, 12);
        }
        Assert.Equal(before.Count(r => r.Value.DismissalReason is null), after.Count(r => r.Value.DismissalReason is null) + 1);
    }

    private async Task<Dictionary<(long Customer, long Product), ReorderPrediction>> PairRowsAsync()
    {
        await using var db = database.CreateContext();
        return await db.ReorderPredictions.AsNoTracking().ToDictionaryAsync(r => (r.CustomerId, r.ProductId));
    }

    /// <summary>A reorder-due reminder of the pair dismissed at 10:00 Taipei on <paramref name="day"/>.</summary>
    private static async Task DismissAsync(ForecastDbContext db, (long Customer, long Product) pair, DateOnly day, DismissReason reason)
    {
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
        var unified = await db.UnifiedCustomers.SingleOrDefaultAsync(u => u.ErpCustomerId == pair.Customer);
        if (unified is null)
        {
            unified = new UnifiedCustomer { DisplayName = $"U{pair.Customer}", ErpCustomerId = pair.Customer, UpdatedAt = at };
            db.UnifiedCustomers.Add(unified);
            await db.SaveChangesAsync();
        }
        var reminder = new Reminder
        {
            Kind = ReminderKind.ReorderDue, UnifiedCustomerId = unified.Id, ProductId = pair.Product, TopicKey = $"product:{pair.Product}",
            CycleDate = day.AddDays(-30), AsOf = day, CreatedAt = at, UpdatedAt = at, CustomerName = unified.DisplayName,
            Status = ReminderStatus.Dismissed, DismissedAt = at, DismissReasonCode = reason,
        };
        db.Reminders.Add(reminder);
        await db.SaveChangesAsync();
        db.ReminderActions.Add(new ReminderAction { ReminderId = reminder.Id, Kind = ReminderActionKind.Dismissed, At = at, By = "amy@example.com", ReasonCode = reason });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task RunAsync_Throws_WhenPartitionIsOutsideTheCount()
    {
        using var host = PipelineRunner.CreateHost(database, Clock);
        await using var scope = host.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<ReorderPredictionJob>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => job.RunAsync(new PipelineRunContext(1, AsOf), 2, 2, CancellationToken.None));
    }

    private async Task<List<(long, long, DateOnly?, DateOnly?, DateOnly?, double)>> SnapshotAsync()
    {
        await using var db = database.CreateContext();
        return (await db.ReorderPredictions.AsNoTracking().OrderBy(r => r.CustomerId).ThenBy(r => r.ProductId).ToListAsync())
            .Select(r => (r.CustomerId, r.ProductId, r.PredictedDate, r.P10Date, r.P90Date, Math.Round(r.ProbabilityWithinHorizon, 9)))
            .ToList();
    }

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero));

    /// <summary>The reorder stage through the coordinator, split into <paramref name="count"/> partitions; returns the rows written.</summary>
    private async Task<long> RunAllPartitionsAsync(int count)
    {
        int customers;
        await using (var db = database.CreateContext())
            customers = await db.ErpCustomers.CountAsync();
        var perPartition = (customers + count - 1) / count;
        var run = await PipelineRunner.RunAsync(database, AsOf, ["reorder"], Clock, new Dictionary<string, string?>
        {
            ["Reorder:HorizonDays"] = "30",
            ["Reorder:CustomersPerPartition"] = perPartition.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var check = database.CreateContext();
        Assert.Equal(count, await check.StagePartitions.CountAsync(p => p.PipelineRunId == run.Id));
        return await check.PredictionRuns.Where(r => r.PipelineRunId == run.Id).Select(r => r.Items).SingleAsync();
    }

    private sealed record SeededPair(long Customer, long Product, int CycleDays, int Orders, bool Active);

    private sealed record World(List<SeededPair> Pairs, SeededPair Steady, SeededPair Lapsed, int SteadyOrders);

    /// <summary>
    /// 40 customers x 6 products with known cycles (14-90 days, +-10% jitter), a fifth of the customers stopping at a
    /// random day, plus one steady 30-day pair and one pair whose customer stopped 250 days ago, and noise the job must
    /// ignore: a cancelled order, a return line and an order after the as-of day.
    /// </summary>
    private async Task<World> SeedAsync()
    {
        var random = new Random(20260630);
        await using var db = database.CreateContext();
        var now = new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);
        var customers = Enumerable.Range(1, 40).Select(i => new ErpCustomer { Code = $"C{i:000}", Name = $"Customer {i}", SourceSystem = "test", SourceKey = $"C{i:000}", UpdatedAt = now }).ToList();
        var products = Enumerable.Range(1, 6).Select(i => new Product { Sku = $"P-{i}", Name = $"Part {i}", SourceSystem = "test", SourceKey = $"P-{i}", UpdatedAt = now }).ToList();
        db.ErpCustomers.AddRange(customers);
        db.Products.AddRange(products);
        await db.SaveChangesAsync();

        var orders = new Dictionary<(long Customer, DateOnly Day), SalesOrder>();
        SalesOrder Order(long customer, DateOnly day, SalesOrderStatus status = SalesOrderStatus.Invoiced)
        {
            if (status != SalesOrderStatus.Invoiced || !orders.TryGetValue((customer, day), out var order))
            {
                order = new SalesOrder { OrderNumber = $"SO-{customer}-{day:yyyyMMdd}-{orders.Count}", CustomerId = customer, OrderDate = day, Status = status, SourceSystem = "test", SourceKey = $"SO-{orders.Count}", UpdatedAt = now };
                orders[(customer, day)] = order;
                db.SalesOrders.Add(order);
            }
            return order;
        }

        void Line(SalesOrder order, long product, decimal quantity, bool isReturn = false) =>
            order.Lines.Add(new SalesOrderLine { LineNumber = order.Lines.Count + 1, ProductId = product, Quantity = quantity, UnitPrice = 10, IsReturn = isReturn, SourceSystem = "test", SourceKey = $"{order.SourceKey}-{order.Lines.Count + 1}", UpdatedAt = now });

        var pairs = new List<SeededPair>();
        int[] cycles = [14, 30, 45, 60, 90];
        foreach (var customer in customers.Skip(2))
        {
            var stop = random.NextDouble() < 0.2 ? AsOf.AddDays(-random.Next(120, 300)) : AsOf;
            foreach (var product in products.Where(_ => random.NextDouble() < 0.6))
            {
                var cycle = cycles[random.Next(cycles.Length)];
                var day = AsOf.AddDays(-random.Next(360, 420));
                var quantity = random.Next(1, 50);
                var count = 0;
                while (day <= stop)
                {
                    Line(Order(customer.Id, day), product.Id, quantity);
                    count++;
                    day = day.AddDays((int)Math.Round(cycle * (0.9 + 0.2 * random.NextDouble())));
                }
                if (count > 0)
                    pairs.Add(new SeededPair(customer.Id, product.Id, cycle, count, stop == AsOf));
            }
        }

        var steadyCustomer = customers[0].Id;
        var steadyProduct = products[0].Id;
        var steadyOrders = 0;
        for (var day = AsOf.AddDays(-20 - 30 * 11); day <= AsOf.AddDays(-20); day = day.AddDays(30))
        {
            Line(Order(steadyCustomer, day.AddDays(random.Next(-1, 2) * (day == AsOf.AddDays(-20) ? 0 : 1))), steadyProduct, 10);
            steadyOrders++;
        }
        Line(Order(steadyCustomer, AsOf.AddDays(-5), SalesOrderStatus.Cancelled), steadyProduct, 10);
        Line(Order(steadyCustomer, AsOf.AddDays(-3)), steadyProduct, -2, isReturn: true);
        Line(Order(steadyCustomer, AsOf.AddDays(3)), steadyProduct, 10);
        var steady = new SeededPair(steadyCustomer, steadyProduct, 30, steadyOrders, true);

        var lapsedCustomer = customers[1].Id;
        var lapsedOrders = 0;
        for (var day = AsOf.AddDays(-250 - 30 * 8); day <= AsOf.AddDays(-250); day = day.AddDays(30))
        {
            Line(Order(lapsedCustomer, day), steadyProduct, 5);
            lapsedOrders++;
        }
        var lapsed = new SeededPair(lapsedCustomer, steadyProduct, 30, lapsedOrders, false);

        await db.SaveChangesAsync();
        pairs.Add(steady);
        pairs.Add(lapsed);
        return new World(pairs, steady, lapsed, steadyOrders);
    }
}
