namespace Forecast.Modeling.Inventory;

/// <summary>An open purchase-order line as the exception rules see it: <paramref name="Key"/> names it back to the caller.</summary>
public readonly record struct OpenPurchaseOrder(string Key, DateOnly Date, double Quantity);

/// <summary>What a planner should ask the supplier to do with an open purchase-order line.</summary>
public enum PurchaseOrderAction
{
    /// <summary>Stock runs out before the line arrives: bring it forward to the stock-out day.</summary>
    Expedite,
    /// <summary>Stock falls below safety stock well before the line arrives (but does not run out): bring it forward.</summary>
    RescheduleIn,
    /// <summary>Stock stays above the reorder point until well after the line arrives: push it back to when it is needed.</summary>
    RescheduleOut,
    /// <summary>Stock stays above the reorder point over the whole projection without the line: it is not needed.</summary>
    Cancel,
    /// <summary>Only part of the line is needed to keep stock at the reorder point over the projection.</summary>
    Reduce,
}

/// <summary>One exception message for one open line.</summary>
/// <param name="Key">The line's key, as given.</param>
/// <param name="Action">What to do.</param>
/// <param name="CurrentDate">The line's expected date.</param>
/// <param name="SuggestedDate">The date to move it to (expedite, reschedule in or out); null for cancel and reduce.</param>
/// <param name="Quantity">The line's quantity.</param>
/// <param name="ReduceBy">Units not needed (the whole line for cancel, the excess rounded down to packs for reduce); 0 otherwise.</param>
/// <param name="Shortfall">For expedite: the largest expected shortage before the line arrives as dated (0 for a late line); 0 otherwise.</param>
/// <param name="IsLate">The line was due on or before the as-of date and is still open.</param>
public sealed record PurchaseOrderMessage(
    string Key,
    PurchaseOrderAction Action,
    DateOnly CurrentDate,
    DateOnly? SuggestedDate,
    double Quantity,
    double ReduceBy,
    double Shortfall,
    bool IsLate);

/// <summary>Everything the exception rules read for one product.</summary>
/// <param name="AsOf">Stock is counted at the end of this day; day 0 of <paramref name="ExpectedDailyDemand"/> is the day after.</param>
/// <param name="OnHand">Stock on hand at the end of <paramref name="AsOf"/>.</param>
/// <param name="ExpectedDailyDemand">Expected (mean) forecast demand per projected day: the projection's horizon.</param>
/// <param name="Orders">The open purchase-order lines, late ones (dated on or before <paramref name="AsOf"/>) included.</param>
/// <param name="ReorderPoint">The projection's reorder point.</param>
/// <param name="SafetyStock">The projection's safety stock (a negative one is read as 0).</param>
public sealed record PurchaseOrderReview(
    DateOnly AsOf,
    double OnHand,
    IReadOnlyList<double> ExpectedDailyDemand,
    IReadOnlyList<OpenPurchaseOrder> Orders,
    double ReorderPoint,
    double SafetyStock)
{
    /// <summary>Customer orders taken and not shipped: they leave stock on their date (one already due, on day 0).</summary>
    public IReadOnlyList<CommittedOrder> Committed { get; init; } = [];

    /// <summary>Dates within this many days of the need date are left alone: a message must be worth a phone call.</summary>
    public int MarginDays { get; init; } = 7;

    /// <summary>A reduction is in whole packs (0 or 1: single units).</summary>
    public double PackSize { get; init; } = 1;
}

/// <summary>
/// MRP exception messages for open purchase orders (expedite, reschedule in, reschedule out, cancel, reduce), as in
/// Vollmann, Berry, Whybark &amp; Jacobs, <i>Manufacturing Planning and Control for Supply Chain Management</i>, 5th ed.
/// (2005), ch. 6 ("scheduled receipts" and their rescheduling messages): each line's date is compared with the day
/// the projected stock, without that line, first needs it.
/// </summary>
/// <remarks>
/// <para>The projection is deterministic: on hand + the other lines as dated − committed orders − expected demand,
/// day by day (the same mean demand as the stock projection's). For line p arriving on day d, with W the balance
/// without p (before d it is the balance with everything, as p has not arrived):</para>
/// <list type="number">
/// <item>W &lt; 0 on a day before d: <b>expedite</b> to the first such day (the stock-out); the shortfall says how much
/// is missing before d, so a line too small to close the whole gap still reads as such.</item>
/// <item>W &lt; safety stock on a day more than the margin before d: <b>reschedule in</b> to that day.</item>
/// <item>W never below the reorder point over the horizon: <b>cancel</b> (a line dated past the horizon is left alone).</item>
/// <item>W first below the reorder point more than the margin after d: <b>reschedule out</b> to that day.</item>
/// <item>Otherwise, when the reorder point minus the lowest W is less than the line by at least a pack: <b>reduce</b>
/// by the excess (rounded down to packs).</item>
/// </list>
/// <para>Why the reorder point for out/cancel and safety stock for in: stock normally sinks below the reorder point a
/// lead time before a well-timed line arrives (the reorder point covers lead-time demand), so "below s before d" is the
/// plan working, not a reason to call the supplier; "still above s after d + margin" means the line came too early.</para>
/// <para>Lines are judged latest first, and a line judged cancelled, reduced or pushed out counts that way when the
/// earlier ones are judged, so two surplus lines are not each cancelled on the strength of the other. A late line
/// (dated on or before the as-of date) is not in the stock projection; it is judged as arriving on day 0: needed within
/// the margin → expedite to day 0; needed later → reschedule out; never needed → cancel.</para>
/// </remarks>
public static class PurchaseOrderMessages
{
    /// <summary>The messages for <paramref name="review"/>'s lines that need one, in the order of the lines' dates.</summary>
    /// <exception cref="ArgumentException">When a quantity or the demand is not a finite non-negative number.</exception>
    public static IReadOnlyList<PurchaseOrderMessage> Evaluate(PurchaseOrderReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var days = review.ExpectedDailyDemand.Count;
        if (days == 0 || review.Orders.Count == 0)
            return [];
        if (!double.IsFinite(review.OnHand) || !double.IsFinite(review.ReorderPoint) || !double.IsFinite(review.SafetyStock))
            throw new ArgumentException("On hand, reorder point and safety stock must be finite numbers.", nameof(review));
        foreach (var order in review.Orders)
        {
            if (!double.IsFinite(order.Quantity) || order.Quantity < 0)
                throw new ArgumentException($"Purchase order {order.Key} has quantity {order.Quantity}; it must be a non-negative number.", nameof(review));
        }

        var firstDay = review.AsOf.AddDays(1);
        // The base balance: on hand − committed − expected demand, cumulative per day; supply is added per line.
        var baseBalance = new double[days];
        var committedByDay = new double[days];
        foreach (var order in review.Committed)
        {
            var k = Math.Max(0, order.Date.DayNumber - firstDay.DayNumber);
            if (k < days)
                committedByDay[k] += order.Quantity;
        }
        double level = review.OnHand;
        for (var k = 0; k < days; k++)
        {
            var demand = review.ExpectedDailyDemand[k];
            if (!double.IsFinite(demand) || demand < 0)
                throw new ArgumentException($"Expected demand on day {k} is {demand}; it must be a finite non-negative number.", nameof(review));
            level -= demand + committedByDay[k];
            baseBalance[k] = level;
        }

        // Where each line counts in the others' balance: its day (late lines are left out, as in the stock projection) and quantity.
        var lines = review.Orders.Select((o, i) => new Line(i, o, o.Date <= review.AsOf)).ToList();
        var placed = lines.ToDictionary(l => l.Index, l => l.IsLate ? ((int Day, double Quantity)?)null : (DayOf(l.Order.Date, firstDay), l.Order.Quantity));
        var safety = Math.Max(0, review.SafetyStock);
        var margin = Math.Max(0, review.MarginDays);
        var pack = review.PackSize > 0 ? review.PackSize : 1;
        var messages = new List<PurchaseOrderMessage>();

        foreach (var line in lines.OrderByDescending(l => l.Order.Date).ThenByDescending(l => l.Index))
        {
            var without = Balance(baseBalance, placed, line.Index);
            var d = line.IsLate ? 0 : DayOf(line.Order.Date, firstDay);
            var message = line.IsLate
                ? JudgeLate(line, without, review.ReorderPoint, margin, firstDay)
                : Judge(line, d, without, review.ReorderPoint, safety, margin, pack, firstDay);
            if (message is null)
                continue;
            messages.Add(message);
            placed[line.Index] = message.Action switch
            {
                PurchaseOrderAction.Cancel => null,
                PurchaseOrderAction.Reduce => (d, line.Order.Quantity - message.ReduceBy),
                PurchaseOrderAction.RescheduleOut => (DayOf(message.SuggestedDate!.Value, firstDay), line.Order.Quantity),
                _ => placed[line.Index],
            };
        }
        return [.. messages.OrderBy(m => m.CurrentDate).ThenBy(m => m.Key, StringComparer.Ordinal)];
    }

    private static PurchaseOrderMessage? Judge(Line line, int d, double[] without, double reorderPoint, double safety, int margin, double pack, DateOnly firstDay)
    {
        var order = line.Order;
        var before = Math.Min(d, without.Length);
        var stockout = FirstBelow(without, 0, before);
        if (stockout is { } s)
        {
            var lowest = 0.0;
            for (var k = s; k < before; k++)
                lowest = Math.Min(lowest, without[k]);
            return new PurchaseOrderMessage(order.Key, PurchaseOrderAction.Expedite, order.Date, firstDay.AddDays(s), order.Quantity, 0, -lowest, false);
        }
        if (FirstBelow(without, safety, before) is { } low && low < d - margin)
            return new PurchaseOrderMessage(order.Key, PurchaseOrderAction.RescheduleIn, order.Date, firstDay.AddDays(low), order.Quantity, 0, 0, false);
        if (FirstBelow(without, reorderPoint, without.Length) is not { } need)
        {
            // A line dated past the projection may be needed past it too: nothing says it is surplus.
            return d < without.Length
                ? new PurchaseOrderMessage(order.Key, PurchaseOrderAction.Cancel, order.Date, null, order.Quantity, order.Quantity, 0, false)
                : null;
        }
        if (need > d + margin)
            return new PurchaseOrderMessage(order.Key, PurchaseOrderAction.RescheduleOut, order.Date, firstDay.AddDays(need), order.Quantity, 0, 0, false);
        var needed = reorderPoint - without.Min();
        var excess = Math.Floor((order.Quantity - needed) / pack + 1e-9) * pack;
        return excess >= pack
            ? new PurchaseOrderMessage(order.Key, PurchaseOrderAction.Reduce, order.Date, null, order.Quantity, excess, 0, false)
            : null;
    }

    private static PurchaseOrderMessage JudgeLate(Line line, double[] without, double reorderPoint, int margin, DateOnly firstDay)
    {
        var order = line.Order;
        if (FirstBelow(without, reorderPoint, without.Length) is not { } need)
            return new PurchaseOrderMessage(order.Key, PurchaseOrderAction.Cancel, order.Date, null, order.Quantity, order.Quantity, 0, true);
        if (need > margin)
            return new PurchaseOrderMessage(order.Key, PurchaseOrderAction.RescheduleOut, order.Date, firstDay.AddDays(need), order.Quantity, 0, 0, true);
        return new PurchaseOrderMessage(order.Key, PurchaseOrderAction.Expedite, order.Date, firstDay, order.Quantity, 0, 0, true);
    }

    /// <summary>The base balance plus every placed line but <paramref name="except"/>.</summary>
    private static double[] Balance(double[] baseBalance, Dictionary<int, (int Day, double Quantity)?> placed, int except)
    {
        var balance = (double[])baseBalance.Clone();
        foreach (var (index, at) in placed)
        {
            if (index == except || at is not { } p)
                continue;
            for (var k = p.Day; k < balance.Length; k++)
                balance[k] += p.Quantity;
        }
        return balance;
    }

    /// <summary>The first day before <paramref name="end"/> whose balance is below <paramref name="threshold"/> (by more than rounding), or null.</summary>
    private static int? FirstBelow(double[] balance, double threshold, int end)
    {
        var below = threshold - 1e-9 * Math.Max(1, Math.Abs(threshold));
        for (var k = 0; k < end; k++)
        {
            if (balance[k] < below)
                return k;
        }
        return null;
    }

    /// <summary>A receipt is available from the start of its day: day 0 is the day after the as-of date.</summary>
    private static int DayOf(DateOnly date, DateOnly firstDay) => Math.Max(0, date.DayNumber - firstDay.DayNumber);

    private sealed record Line(int Index, OpenPurchaseOrder Order, bool IsLate);
}
