using System.CommandLine;
using System.Globalization;
using Forecast.Core.Inventory;
using Forecast.Modeling.Inventory;
using Microsoft.Extensions.DependencyInjection;
using nietras.SeparatedValues;
using Spectre.Console;

namespace Forecast.Cli.Inventory;

/// <summary><c>forecast inventory ...</c>: what the planners' pages show, from the latest completed inventory run.</summary>
internal static class InventoryCommands
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var inventory = new Command("inventory", "Stock projections, stock-out risk and suggested orders (run the stage with: forecast run inventory).");

        var family = new Option<string?>("--family") { Description = "Only products of this family." };
        var supplier = new Option<string?>("--supplier") { Description = "Only products of this supplier." };
        var ordersOnly = new Option<bool>("--orders-only") { Description = "Only products with a suggested order." };
        var top = new Option<int>("--top") { Description = "How many lines to show.", DefaultValueFactory = _ => 25 };
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write every matching line (not only --top) to this CSV file." };
        var atRisk = new Command("at-risk", "Products by probability of a stock-out within their lead time, with the suggested order.") { family, supplier, ordersOnly, top, csv };
        atRisk.SetAction((parse, ct) => CliHost.RunAsync((services, token) => AtRiskAsync(
            services, new AtRiskFilter(parse.GetValue(family), parse.GetValue(supplier), parse.GetValue(ordersOnly), Take: Math.Max(1, parse.GetValue(top))),
            parse.GetValue(csv), parse, token), ct));

        var sku = new Argument<string>("sku") { Description = "The product's SKU (ERP item number), e.g. CN-1001." };
        var show = new Command("show", "One product's plan and projected stock per period.") { sku };
        show.SetAction((parse, ct) => CliHost.RunAsync((services, token) => ShowAsync(services, parse.GetValue(sku)!, parse, token), ct));

        var shipSku = new Argument<string>("sku") { Description = "The product's SKU." };
        var quantity = new Argument<decimal>("quantity") { Description = "Units the customer wants." };
        var shipDate = new Command("ship-date", "The earliest date a quantity can ship without shorting forecast demand (what outreach may promise).") { shipSku, quantity };
        shipDate.SetAction((parse, ct) => CliHost.RunAsync((services, token) => ShipDateAsync(services, parse.GetValue(shipSku)!, parse.GetValue(quantity), token), ct));

        inventory.Subcommands.Add(atRisk);
        inventory.Subcommands.Add(show);
        inventory.Subcommands.Add(shipDate);
        return inventory;
    }

    private static async Task<int> AtRiskAsync(IServiceProvider services, AtRiskFilter filter, FileInfo? csv, ParseResult parse, CancellationToken cancellationToken)
    {
        var queries = services.GetRequiredService<InventoryQueries>();
        var list = await queries.AtRiskAsync(filter, cancellationToken);
        if (list.PredictionRunId is null)
            return await NoRunAsync();

        var table = new CliTable("SKU", "Family", "Supplier", CliColumn.Number("P(short in LT)"), "Stock-out", CliColumn.Number("Cover (d)"),
            CliColumn.Number("On hand"), CliColumn.Number("Incoming"), CliColumn.Number("Order"), "Order by")
        {
            Title = $"At risk first — inventory run {list.PredictionRunId}, as of {list.AsOf:yyyy-MM-dd} ({list.Total} products)",
        };
        foreach (var item in list.Items)
        {
            table.Add(
                item.Sku, item.Family, item.Supplier,
                item.StockoutProbabilityWithinLeadTime.ToString("P0", Invariant),
                item.ProjectedStockoutDate?.ToString("yyyy-MM-dd", Invariant),
                item.DaysOfCover?.ToString("0.#", Invariant),
                item.OnHand.ToString("0.##", Invariant), item.IncomingTotal.ToString("0.##", Invariant),
                item.SuggestedOrderQuantity == 0 ? null : item.SuggestedOrderQuantity.ToString("0.##", Invariant),
                item.OrderByDate?.ToString("yyyy-MM-dd", Invariant));
        }
        table.Write(parse);

        if (csv is not null)
        {
            var all = new List<AtRiskItem>();
            const int page = 5000;
            for (var skip = 0; skip < list.Total; skip += page)
                all.AddRange((await queries.AtRiskAsync(filter with { Skip = skip, Take = page }, cancellationToken)).Items);
            using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(csv.FullName))
            {
                foreach (var i in all)
                {
                    using var row = writer.NewRow();
                    row["sku"].Set(i.Sku);
                    row["name"].Set(i.Name);
                    row["family"].Set(i.Family ?? "");
                    row["supplier"].Set(i.Supplier ?? "");
                    row["unit"].Set(i.Unit ?? "");
                    row["stockout_probability_within_lead_time"].Set(i.StockoutProbabilityWithinLeadTime.ToString("0.####", Invariant));
                    row["projected_stockout_date"].Set(i.ProjectedStockoutDate?.ToString("yyyy-MM-dd", Invariant) ?? "");
                    row["days_of_cover"].Set(i.DaysOfCover?.ToString("0.##", Invariant) ?? "");
                    row["on_hand"].Set(i.OnHand.ToString(Invariant));
                    row["incoming"].Set(i.IncomingTotal.ToString(Invariant));
                    row["reorder_point"].Set(i.ReorderPoint.ToString(Invariant));
                    row["safety_stock"].Set(i.SafetyStock.ToString(Invariant));
                    row["suggested_order_quantity"].Set(i.SuggestedOrderQuantity.ToString(Invariant));
                    row["order_by_date"].Set(i.OrderByDate?.ToString("yyyy-MM-dd", Invariant) ?? "");
                    row["lead_time_days"].Set(i.LeadTimeDays.ToString(Invariant));
                }
            }
            CliTable.Say(parse, $"Wrote {all.Count} line(s) to {csv.FullName}.");
        }
        return 0;
    }

    private static async Task<int> ShowAsync(IServiceProvider services, string sku, ParseResult parse, CancellationToken cancellationToken)
    {
        var queries = services.GetRequiredService<InventoryQueries>();
        var productId = await queries.ProductIdAsync(sku, cancellationToken);
        if (productId is null)
            return await ErrorAsync($"No product with SKU '{sku}'. Check the SKU (ERP item number) or import the item master first.");
        var view = await queries.ProductAsync(productId.Value, cancellationToken);
        if (view is null)
        {
            if (await queries.LatestRunAsync(cancellationToken) is null)
                return await NoRunAsync();
            return await ErrorAsync($"The latest inventory run has no plan for {sku}: it had no demand forecast or unusable data (see the run's log).");
        }

        var plan = view.Plan;
        var drawn = CliTable.IsDrawn(parse);
        var heading = $"{view.Sku} {view.Name} — as of {view.AsOf:yyyy-MM-dd} (run {view.PredictionRunId})";
        if (drawn)
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(view.Sku)}[/] {Markup.Escape(view.Name)} — as of {view.AsOf:yyyy-MM-dd} (run {view.PredictionRunId})");
        else
            CliTable.Say(parse, heading);
        var facts = new Grid().AddColumn().AddColumn();
        void Fact(string label, string value)
        {
            if (drawn)
                facts.AddRow(Markup.Escape(label), Markup.Escape(value));
            else
                CliTable.Say(parse, $"{label}: {value}");
        }
        Fact("On hand / incoming", $"{plan.OnHand:0.##} / {plan.IncomingTotal:0.##}");
        Fact("Days of cover", plan.DaysOfCover?.ToString("0.#", Invariant) ?? "no demand expected");
        Fact("P(stock-out within lead time)", $"{plan.StockoutProbabilityWithinLeadTime.ToString("P0", Invariant)} (lead time {plan.LeadTimeDays} days)");
        Fact("Projected stock-out (median)", plan.ProjectedStockoutDate?.ToString("yyyy-MM-dd", Invariant) ?? "not within the projection");
        Fact("Reorder point / safety stock", $"{plan.ReorderPoint:0.##} / {plan.SafetyStock:0.##} (normal formula: {plan.NormalApproximationReorderPoint:0.##})");
        Fact("Order-up-to level", $"{plan.OrderUpToLevel:0.##}");
        Fact("Suggested order", plan.OrderByDate is null ? "none within the projection" : $"{plan.SuggestedOrderQuantity:0.##} by {plan.OrderByDate:yyyy-MM-dd} (MOQ {plan.MinimumOrderQuantity:0.##}, pack {plan.PackSize:0.##})");
        Fact("Demand model", $"{plan.DemandModel ?? "unknown"}{(plan.DemandAccuracy is null ? "" : $", backtest {plan.DemandAccuracy}")}");
        if (drawn)
            AnsiConsole.Write(facts);

        var table = new CliTable("Week from", "to", CliColumn.Number("Demand"), CliColumn.Number("Incoming"), CliColumn.Number("Stock p10"),
            CliColumn.Number("p50"), CliColumn.Number("p90"), CliColumn.Number("P(short)"), CliColumn.Number("ATP"));
        foreach (var p in view.Periods)
        {
            table.Add(
                p.PeriodStart.ToString("yyyy-MM-dd", Invariant), p.PeriodEnd.ToString("yyyy-MM-dd", Invariant),
                p.MeanDemand.ToString("0.#", Invariant), p.Incoming.ToString("0.#", Invariant),
                p.StockP10.ToString("0.#", Invariant), p.StockP50.ToString("0.#", Invariant), p.StockP90.ToString("0.#", Invariant),
                p.StockoutProbability.ToString("P0", Invariant), p.AvailableToPromise.ToString("0.#", Invariant));
        }
        table.Write(parse);
        foreach (var note in plan.MethodNotes.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            CliTable.Say(parse, $"- {note}");
        return 0;
    }

    private static async Task<int> ShipDateAsync(IServiceProvider services, string sku, decimal quantity, CancellationToken cancellationToken)
    {
        if (quantity <= 0)
            return await ErrorAsync("The quantity must be positive.");
        var queries = services.GetRequiredService<InventoryQueries>();
        var productId = await queries.ProductIdAsync(sku, cancellationToken);
        if (productId is null)
            return await ErrorAsync($"No product with SKU '{sku}'.");
        var answer = await queries.EarliestShipDateAsync(productId.Value, quantity, cancellationToken);
        if (answer is null)
            return await queries.LatestRunAsync(cancellationToken) is null ? await NoRunAsync() : await ErrorAsync($"The latest inventory run has no plan for {sku}.");
        var what = $"{quantity.ToString("0.##", Invariant)} x {sku} (as of {answer.AsOf:yyyy-MM-dd})";
        Console.WriteLine(answer.Basis switch
        {
            ShipDateBasis.AvailableNow => $"{what}: can ship from stock on hand, from {answer.Date:yyyy-MM-dd} ({answer.AvailableOnDate.ToString("0.##", Invariant)} available to promise).",
            ShipDateBasis.AfterScheduledSupply => $"{what}: can ship from {answer.Date:yyyy-MM-dd}, once supply already on order arrives ({answer.AvailableOnDate.ToString("0.##", Invariant)} available to promise then).",
            _ => $"{what}: not covered by stock or open purchase orders (at most {answer.AvailableOnDate.ToString("0.##", Invariant)} can be promised); with a new order placed now, earliest {answer.Date:yyyy-MM-dd}.",
        });
        return 0;
    }

    private static async Task<int> NoRunAsync() =>
        await ErrorAsync("No completed inventory run yet. Run one with: forecast run inventory");

    private static async Task<int> ErrorAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return 1;
    }
}
