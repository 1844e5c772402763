using System.Globalization;

namespace Forecast.IntegrationTests.SecondWorld;

internal sealed partial class WorldSimulation
{
    /// <summary>One pair's wish to order on a day, before orders of a few days are merged per customer.</summary>
    private sealed record PairEvent(WorldPair Pair, DateOnly Day, double Quantity, bool Rush);

    private void MakeOrders()
    {
        var events = new List<PairEvent>();
        for (var i = 0; i < world.Pairs.Count; i++)
            events.AddRange(EventsOf(world.Pairs[i], Random("pair-orders", i)));

        var orders = new List<WorldOrder>();
        var eventsByCustomer = events.ToLookup(e => e.Pair.Customer);
        for (var c = 0; c < world.Customers.Count; c++)
        {
            var customer = world.Customers[c];
            var random = Random("batch", c);
            WorldOrder? current = null;
            foreach (var e in eventsByCustomer[customer].OrderBy(e => e.Day).ThenBy(e => e.Pair.Product.Index))
            {
                if (current is null || e.Day.DayNumber - current.Date.DayNumber > customer.BatchDays)
                {
                    current = new WorldOrder
                    {
                        Customer = customer,
                        Date = e.Day,
                        ShipDays = random.Int(1, 6),
                        RequestedDate = random.Chance(0.7) ? e.Day.AddDays(random.Int(5, 20)) : null,
                    };
                    orders.Add(current);
                }
                var product = e.Pair.Product;
                var quantity = RoundToPack(e.Quantity, product.PackSize);
                var line = current.Lines.FirstOrDefault(l => l.Product == product);
                if (line is null)
                    current.Lines.Add(new WorldOrderLine { Product = product, Quantity = quantity, UnitPrice = PriceOf(customer, product, e.Day), Rush = e.Rush });
                else
                    line.Quantity += quantity;
            }
        }

        var stops = world.Pairs.ToDictionary(p => (p.Customer, p.Product), p => p.StopsOn ?? _end.AddDays(1));
        var cancel = Random("cancel");
        foreach (var order in orders.ToList())
        {
            if (!cancel.Chance(0.025))
                continue;
            order.Cancelled = true;
            if (!cancel.Chance(0.6))
                continue;
            // Placed again a few days later (a wrong quantity or price, corrected).
            var day = TradeCalendar.OrderDay(order.Customer.Country, order.Date.AddDays(cancel.Int(1, 6)), order.Customer.WorksSaturdays);
            if (day > _end || InDormancy(order.Customer, day))
                continue;
            var again = new WorldOrder { Customer = order.Customer, Date = day, ShipDays = cancel.Int(1, 6), RequestedDate = order.RequestedDate };
            foreach (var line in order.Lines.Where(l => stops[(order.Customer, l.Product)] > day))
                again.Lines.Add(new WorldOrderLine { Product = line.Product, Quantity = line.Quantity, UnitPrice = line.UnitPrice, Rush = line.Rush });
            if (again.Lines.Count > 0)
                orders.Add(again);
        }

        var returns = Random("returns");
        foreach (var order in orders.Where(o => !o.Cancelled).ToList())
        {
            foreach (var line in order.Lines)
            {
                if (!returns.Chance(0.012))
                    continue;
                var day = TradeCalendar.OrderDay(order.Customer.Country, order.Date.AddDays(returns.Int(5, 30)), order.Customer.WorksSaturdays);
                var quantity = Math.Min(line.Quantity, RoundToPack(line.Quantity * (decimal)returns.Uniform(0.1, 1), line.Product.PackSize));
                var rma = new WorldOrder { Customer = order.Customer, Date = day, ShipDays = 0, IsReturn = true };
                rma.Lines.Add(new WorldOrderLine { Product = line.Product, Quantity = -quantity, UnitPrice = line.UnitPrice, IsReturn = true });
                orders.Add(rma);
            }
        }

        var sequence = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var order in orders.OrderBy(o => o.Date).ThenBy(o => o.IsReturn).ThenBy(o => o.Customer.Code, StringComparer.Ordinal)
                     .ThenBy(o => o.Lines[0].Product.Sku, StringComparer.Ordinal).ThenBy(o => o.Cancelled))
        {
            var prefix = (order.IsReturn ? "RT" : "SO") + order.Date.ToString("yyMM", CultureInfo.InvariantCulture);
            var n = sequence[prefix] = sequence.GetValueOrDefault(prefix) + 1;
            order.Number = $"{prefix}-{n.ToString("0000", CultureInfo.InvariantCulture)}";
            world.Orders.Add(order);
        }
    }

    /// <summary>The days one pair orders on, by its law, seasons, dormancy and stop, with rush top-ups in between.</summary>
    private List<PairEvent> EventsOf(WorldPair pair, WorldRandom random)
    {
        var customer = pair.Customer;
        var stop = pair.StopsOn ?? _end.AddDays(1);
        var first = pair.StartsOn < _start ? _start : pair.StartsOn;
        if (pair.OneOff)
        {
            var day = TradeCalendar.OrderDay(customer.Country, pair.StartsOn, customer.WorksSaturdays);
            return day <= _end && !InDormancy(customer, day) && !(customer.ChurnedOn <= day) ? [new PairEvent(pair, day, pair.QuantityPerOrder * 3, false)] : [];
        }

        // The regular schedule: the days the pair's consumption says an order is due.
        var scheduled = new List<DateOnly>();
        if (pair.Law == OrderingLaw.Calendar)
        {
            var dayOfMonth = (int)pair.Shape;
            var month = new DateOnly(first.Year, first.Month, 1).AddMonths(random.Int(0, pair.CalendarMonths - 1));
            while (month <= _end)
            {
                var due = new DateOnly(month.Year, month.Month, dayOfMonth).AddDays(random.Int(-2, 2));
                month = month.AddMonths(pair.CalendarMonths);
                // Sometimes a month is skipped (enough stock left, a budget freeze).
                if (due >= first && !random.Chance(0.08) && !InDormancy(customer, due))
                    scheduled.Add(due);
            }
        }
        else
        {
            // A pair older than the ERP's history is mid-cycle when the history starts.
            double t = pair.StartsOn < _start ? _start.DayNumber + random.Uniform(0, pair.CycleOn(_start)) : first.DayNumber + random.Uniform(0, 7);
            while (t <= _end.DayNumber)
            {
                var day = Day(t);
                if (customer.Dormant is { } dormant && day >= dormant.From && day <= dormant.To)
                {
                    // Coming back: the first order soon after the dormant spell, then the rhythm again.
                    t = dormant.To.DayNumber + 1 + random.Uniform(0, 0.5 * pair.CycleOn(day));
                    continue;
                }
                scheduled.Add(day);
                var cycle = pair.CycleOn(day);
                var gap = pair.Law == OrderingLaw.DriftingLogLogistic
                    ? random.LogLogistic(cycle, pair.Shape)
                    : random.Weibull(pair.Shape, cycle / Math.Pow(Math.Log(2), 1 / pair.Shape));
                t += Math.Max(2, gap);
            }
        }

        var events = new List<PairEvent>();
        DateOnly? previous = null;
        foreach (var due in scheduled)
        {
            var years = (due.DayNumber - first.DayNumber) / 365.25;
            var ratio = previous is { } p ? Math.Clamp((due.DayNumber - p.DayNumber) / pair.CycleOn(due), 0.3, 3) : 1;
            var quantity = pair.QuantityPerOrder * Math.Exp(pair.QuantityGrowthPerYear * years) * Math.Sqrt(ratio) * random.LogNormal(1, 0.25);
            previous = due;
            var day = due;
            if (customer.Habit == SeasonalHabit.LunarNewYearStocker && TradeCalendar.StockUpDay(due, random) is { } early)
            {
                day = early;
                quantity *= 1.6;
            }
            day = TradeCalendar.OrderDay(customer.Country, day, customer.WorksSaturdays);
            if (day >= first && day < stop && day <= _end && !InDormancy(customer, day))
                events.Add(new PairEvent(pair, day, quantity, false));
        }

        // Rush top-ups inside regular gaps: they do not move the regular rhythm.
        var regular = events.ToList();
        for (var i = 0; i + 1 < regular.Count; i++)
        {
            var (a, b) = (regular[i].Day, regular[i + 1].Day);
            if (b.DayNumber - a.DayNumber < 10 || !random.Chance(pair.RushRate))
                continue;
            var rush = TradeCalendar.OrderDay(customer.Country, a.AddDays((int)((b.DayNumber - a.DayNumber) * random.Uniform(0.3, 0.75))), customer.WorksSaturdays);
            if (rush < stop && !InDormancy(customer, rush))
                events.Add(new PairEvent(pair, rush, pair.QuantityPerOrder * random.Uniform(0.15, 0.4), true));
        }

        if (customer.Habit == SeasonalHabit.YearEndBudget)
        {
            var customerIndex = world.Customers.IndexOf(customer);
            for (var year = _start.Year; year <= _end.Year; year++)
            {
                var budget = Random("budget", customerIndex * 100 + year % 100);
                if (!budget.Chance(0.65))
                    continue;
                var day = TradeCalendar.OrderDay(customer.Country, new DateOnly(year, 11, 20).AddDays(budget.Int(0, 22)), customer.WorksSaturdays);
                if (random.Chance(0.5) && day >= first && day < stop && day <= _end && !InDormancy(customer, day))
                    events.Add(new PairEvent(pair, day, pair.QuantityPerOrder * 0.8, true));
            }
        }

        // Two wishes of one pair within two days are one order.
        var merged = new List<PairEvent>();
        foreach (var e in events.OrderBy(e => e.Day))
        {
            if (merged.Count > 0 && e.Day.DayNumber - merged[^1].Day.DayNumber <= 2)
                merged[^1] = merged[^1] with { Quantity = merged[^1].Quantity + e.Quantity, Rush = merged[^1].Rush && e.Rush };
            else
                merged.Add(e);
        }
        return merged;
    }

    private static bool InDormancy(WorldCustomer customer, DateOnly day) =>
        customer.Dormant is { } d && day >= d.From && day <= d.To;

    private static decimal RoundToPack(double quantity, decimal pack) => RoundToPack((decimal)Math.Max(quantity, 0), pack);

    private static decimal RoundToPack(decimal quantity, decimal pack) => Math.Max(pack, Math.Ceiling(quantity / pack) * pack);

    private decimal PriceOf(WorldCustomer customer, WorldProduct product, DateOnly day)
    {
        var twd = (double)product.ListPrice * customer.PriceFactor * Math.Pow(1.03, (day.DayNumber - _start.DayNumber) / 365.25);
        return customer.Currency switch
        {
            "USD" => Math.Round((decimal)(twd / 31.5), 3),
            "EUR" => Math.Round((decimal)(twd / 34.5), 3),
            "JPY" => Math.Round((decimal)(twd * 4.7), 1),
            _ => Math.Round((decimal)twd, twd < 10 ? 3 : 0),
        };
    }

    private void MakeInvoices()
    {
        var random = Random("invoices");
        var sequence = new Dictionary<int, int>();
        foreach (var order in world.Orders.Where(o => !o.Cancelled && !o.IsReturn && o.InvoiceDate <= _end)
                     .OrderBy(o => o.InvoiceDate).ThenBy(o => o.Number, StringComparer.Ordinal))
        {
            var customer = order.Customer;
            var date = order.InvoiceDate;
            var net = order.Lines.Sum(l => l.Quantity * l.UnitPrice);
            var amount = customer.Currency switch
            {
                "TWD" => Math.Round(net * 1.05m, 0),
                "JPY" => Math.Round(net, 0),
                _ => Math.Round(net, 2),
            };
            var due = customer.MonthEndTerms
                ? new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1).AddDays(customer.TermsDays)
                : date.AddDays(customer.TermsDays);
            var nearChurn = customer.ChurnedOn is { } churned && churned.DayNumber - date.DayNumber < 120;
            DateOnly? paid = random.Chance(nearChurn ? 0.3 : 0.02) ? null
                : customer.TermsDays == 0 ? date.AddDays(random.Int(0, 3))
                : customer.SlowPayer ? due.AddDays(random.Int(20, 120))
                : due.AddDays((int)Math.Round(random.Normal(-2, 6)));
            if (paid < date)
                paid = date;
            var n = sequence[date.Year] = sequence.GetValueOrDefault(date.Year) + 1;
            world.Invoices.Add(new WorldInvoice
            {
                Number = $"IV{date:yy}{n.ToString("000000", CultureInfo.InvariantCulture)}",
                Order = order,
                InvoiceDate = date,
                DueDate = due,
                Amount = amount,
                PaidOn = paid,
                PaysHalfAtDue = random.Chance(0.05),
            });
        }
    }

    private void MakeStockAndSupply()
    {
        var demand = world.Orders.Where(o => !o.Cancelled && !o.IsReturn && o.Date > _asOf.AddDays(-90) && o.Date <= _asOf)
            .SelectMany(o => o.Lines).GroupBy(l => l.Product).ToDictionary(g => g.Key, g => (double)g.Sum(l => l.Quantity) / 90);
        var needsSupply = new List<(WorldProduct Product, decimal Quantity, DateOnly Eta)>();
        // Products launched after D are not in D's item master: nothing of theirs is counted or on order then.
        foreach (var product in world.Products.Where(p => p.LaunchedOn is null || p.LaunchedOn <= _asOf))
        {
            var random = Random("stock", product.Index);
            var perDay = demand.GetValueOrDefault(product);
            var onHand = random.Chance(0.06) ? 0m
                : perDay > 0 ? RoundToPack(perDay * random.Uniform(5, 80), product.PackSize)
                : product.PackSize * random.Int(0, 5);
            if (random.Chance(0.35))
            {
                var south = Math.Floor(onHand * 0.3m / product.PackSize) * product.PackSize;
                world.Stock.Add(new WorldStock(product, "TY2", south, _asOf));
                onHand -= south;
            }
            world.Stock.Add(new WorldStock(product, "KH1", onHand, _asOf));
            if (product.DiscontinuedOn <= _asOf || !random.Chance(0.55))
                continue;
            for (var line = random.Int(1, 2); line > 0; line--)
            {
                var quantity = Math.Max(product.Moq, RoundToPack(perDay * random.Uniform(30, 90), product.PackSize));
                var eta = random.Chance(0.08) ? _asOf.AddDays(-random.Int(1, 10)) : _asOf.AddDays(random.Int(1, product.LeadTimeDays));
                needsSupply.Add((product, quantity, eta));
            }
        }
        var number = 0;
        foreach (var bySupplier in needsSupply.GroupBy(s => s.Product.Supplier).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var chunk in bySupplier.OrderBy(s => s.Eta).Chunk(4))
            {
                var po = $"PO{_asOf:yyMM}-{(++number).ToString("000", CultureInfo.InvariantCulture)}";
                for (var i = 0; i < chunk.Length; i++)
                    world.Supply.Add(new WorldSupply(po, (i + 1) * 10, chunk[i].Product, chunk[i].Quantity, chunk[i].Eta, bySupplier.Key));
            }
        }
    }
}
