using System.Globalization;
using Forecast.Core.Inventory;

namespace Forecast.Web.Charts;

/// <summary>The chart's words, in the request's language (the page localizes them; the chart only places them).</summary>
public sealed record ProductChartLabels(
    string Title,
    string DemandPanel,
    string StockPanel,
    string History,
    string Forecast,
    string Band50,
    string Band80,
    string Pipeline,
    string NewBusiness,
    string ProjectedStock,
    string StockBand,
    string ReorderPoint,
    string SafetyStock,
    string Incoming,
    string Today,
    string Override = "Planner override")
{
    public static ProductChartLabels English { get; } = new(
        "Demand and projected stock", "Demand per week", "Projected stock (end of week)", "History", "Forecast", "50% range", "80% range",
        "Open pipeline (probability-weighted)", "Of which new business", "Projected stock (median)", "80% range of stock",
        "Reorder point", "Safety stock", "Incoming supply", "As of", "Planner override");
}

/// <summary>
/// The planners' product chart as server-side SVG, two panels on one time axis: above, weekly demand (history as bars,
/// the forecast mean with its 50% and 80% fans, and the open pipeline as separate bars, so pipeline demand is never
/// mistaken for baseline demand); below, the projected stock (median with its 80% band), incoming supply, the reorder
/// point and the safety stock. Deterministic: the same data gives the same bytes (tests and caches rely on it).
/// </summary>
public static class ProductChart
{
    public const int Width = 1000;
    private const int Left = 64;
    private const int Right = 16;
    private const int DemandTop = 60;
    private const int DemandHeight = 220;
    private const int StockTop = DemandTop + DemandHeight + 64;
    private const int StockHeight = 200;
    public const int Height = StockTop + StockHeight + 56;

    private const string Ink = "#1d2733";
    private const string Muted = "#5b6b7c";
    private const string Grid = "#e6ebf0";
    private const string HistoryFill = "#9aa8b6";
    private const string ForecastBlue = "#1f6feb";
    private const string PipelineOrange = "#ef6c00";
    private const string StockGreen = "#2e7d32";
    private const string Red = "#c62828";
    private const string OverridePurple = "#7b1fa2";

    public static string Render(ProductOutlookView view, ProductChartLabels labels, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(labels);
        var projection = view.Projection;
        var demand = view.Demand;
        var asOf = projection.AsOf;
        var period = demand.Granularity == Core.Demand.DemandGranularity.Month ? 30.44 : 7.0;

        // One time axis for both panels: from the first history period to the end of the forecast or projection.
        var start = demand.History.Count > 0 ? demand.History[0].PeriodStart : asOf.AddDays(-7 * 8);
        var ends = new List<DateOnly> { asOf.AddDays(7) };
        if (demand.Forecast.Count > 0)
            ends.Add(demand.Forecast[^1].PeriodStart.AddDays((int)Math.Round(period)));
        if (projection.Periods.Count > 0)
            ends.Add(projection.Periods[^1].PeriodEnd.AddDays(1));
        // The pipeline may reach further than the forecast; past the forecast there is nothing to compare it with.
        var end = ends.Max();
        var x = new LinearScale(start.DayNumber, end.DayNumber, Left, Width - Right);
        double X(DateOnly day) => x.Map(day.DayNumber);
        double Mid(DateOnly periodStart) => x.Map(periodStart.DayNumber + period / 2);
        var barWidth = Math.Max(1.5, x.Map(start.DayNumber + period) - x.Map(start.DayNumber) - 1.5);

        var svg = new SvgCanvas();
        svg.Raw($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"chart-title\" data-product=\"{projection.ProductId}\">");
        svg.Raw($"<title id=\"chart-title\">{SvgCanvas.Escape($"{labels.Title}: {projection.Sku} {projection.Name}")}</title>");

        // ---- demand panel
        // The planner's overrides on the chart where the week is: today's applied mean while it is ahead, the mean as
        // made once it is past (the history bar beside it shows how it did).
        var overrides = (view.Overrides ?? []).Where(o => o.PeriodStart >= start && o.PeriodStart < end)
            .Select(o => (o.PeriodStart, Mean: o.AppliedMean ?? o.OverrideMeanThen, o.Reason)).ToList();
        var demandMax = new[]
        {
            demand.History.Select(h => h.Quantity).DefaultIfEmpty(0).Max(),
            demand.Forecast.Select(f => f.P90).DefaultIfEmpty(0).Max(),
            view.Pipeline.Weeks.Where(w => w.PeriodStart.AddDays(7) <= end).Select(w => w.ExpectedUnits).DefaultIfEmpty(0).Max(),
            overrides.Select(o => o.Mean).DefaultIfEmpty(0).Max(),
        }.Max();
        var (dy, dTicks) = LinearScale.Nice(0, Math.Max(1, demandMax), DemandTop + DemandHeight, DemandTop);
        PanelFrame(svg, labels.DemandPanel, DemandTop, DemandHeight, dy, dTicks, culture);
        foreach (var h in demand.History)
        {
            svg.Rect(X(h.PeriodStart) + 0.75, dy.Map(h.Quantity), barWidth, dy.Map(0) - dy.Map(h.Quantity), HistoryFill, "history",
                $"{h.PeriodStart.ToString("d", culture)}: {h.Quantity.ToString("N0", culture)}");
        }
        if (demand.Forecast.Count > 0)
        {
            svg.Band([.. demand.Forecast.Select(f => (Mid(f.PeriodStart), dy.Map(f.P90), dy.Map(f.P10)))], ForecastBlue, 0.15, "band80");
            svg.Band([.. demand.Forecast.Select(f => (Mid(f.PeriodStart), dy.Map(f.P75), dy.Map(f.P25)))], ForecastBlue, 0.30, "band50");
            svg.Polyline(demand.Forecast.Select(f => (Mid(f.PeriodStart), dy.Map(f.Mean))), ForecastBlue, 2.5, cssClass: "forecast");
        }
        var pipelineWidth = Math.Max(1.5, barWidth * 0.45);
        foreach (var w in view.Pipeline.Weeks.Where(w => w.ExpectedUnits > 0 && w.PeriodStart.AddDays(7) <= end))
        {
            var left = X(w.PeriodStart) + barWidth - pipelineWidth;
            svg.Rect(left, dy.Map(w.ExpectedUnits), pipelineWidth, dy.Map(0) - dy.Map(w.ExpectedUnits), PipelineOrange, "pipeline",
                $"{w.PeriodStart.ToString("d", culture)}: {w.ExpectedUnits.ToString("N1", culture)} ({labels.NewBusiness}: {w.NewBusinessUnits.ToString("N1", culture)})", 0.45);
            if (w.NewBusinessUnits > 0)
                svg.Rect(left, dy.Map(w.NewBusinessUnits), pipelineWidth, dy.Map(0) - dy.Map(w.NewBusinessUnits), PipelineOrange, "new-business");
        }
        foreach (var (week, mean, reason) in overrides)
        {
            var ox = Mid(week);
            var oy = dy.Map(mean);
            svg.Polygon([(ox, oy - 6), (ox + 6, oy), (ox, oy + 6), (ox - 6, oy)], OverridePurple,
                $"{labels.Override} {week.ToString("d", culture)}: {mean.ToString("N1", culture)} ({reason})", "override");
        }
        AsOfLine(svg, X(asOf), DemandTop, DemandHeight, labels.Today + " " + asOf.ToString("d", culture));

        // ---- stock panel
        var plan = projection.Plan;
        var stockValues = projection.Periods.SelectMany(p => new[] { (double)p.StockP10, (double)p.StockP90 })
            .Concat([(double)plan.OnHand, (double)plan.ReorderPoint, (double)plan.SafetyStock, 0]).ToList();
        var (sy, sTicks) = LinearScale.Nice(Math.Min(0, stockValues.Min()), Math.Max(1, stockValues.Max()), StockTop + StockHeight, StockTop);
        PanelFrame(svg, labels.StockPanel, StockTop, StockHeight, sy, sTicks, culture);
        svg.Line(Left, sy.Map(0), Width - Right, sy.Map(0), Muted, 1);
        if (projection.Periods.Count > 0)
        {
            var points = new List<(double X, double Upper, double Lower)> { (X(asOf), sy.Map((double)plan.OnHand), sy.Map((double)plan.OnHand)) };
            points.AddRange(projection.Periods.Select(p => (X(p.PeriodEnd.AddDays(1)), sy.Map((double)p.StockP90), sy.Map((double)p.StockP10))));
            svg.Band(points, StockGreen, 0.18, "stock-band");
            var median = new List<(double X, double Y)> { (X(asOf), sy.Map((double)plan.OnHand)) };
            median.AddRange(projection.Periods.Select(p => (X(p.PeriodEnd.AddDays(1)), sy.Map((double)p.StockP50))));
            svg.Polyline(median, StockGreen, 2.5, cssClass: "stock");
        }
        var from = X(asOf);
        svg.Line(from, sy.Map((double)plan.ReorderPoint), Width - Right, sy.Map((double)plan.ReorderPoint), Red, 1.5, "6 4", "reorder-point");
        svg.Line(from, sy.Map((double)plan.SafetyStock), Width - Right, sy.Map((double)plan.SafetyStock), PipelineOrange, 1.5, "2 3", "safety-stock");
        foreach (var line in projection.Incoming.Where(i => i.Counted && i.ExpectedDate <= end))
        {
            var ix = X(line.ExpectedDate);
            var iy = StockTop + StockHeight - 2;
            svg.Polygon([(ix, iy - 12), (ix - 6, iy), (ix + 6, iy)], ForecastBlue,
                $"{line.PurchaseOrderNumber}: {line.Quantity.ToString("N0", culture)} @ {line.ExpectedDate.ToString("d", culture)}", "incoming");
        }
        AsOfLine(svg, X(asOf), StockTop, StockHeight, null);

        // ---- time axis (month starts) under both panels
        foreach (var month in MonthStarts(start, end))
        {
            var mx = X(month);
            svg.Line(mx, StockTop + StockHeight, mx, StockTop + StockHeight + 4, Muted);
            svg.Line(mx, DemandTop + DemandHeight, mx, DemandTop + DemandHeight + 4, Muted);
            var chinese = culture.Name.StartsWith("zh", StringComparison.Ordinal);
            var text = month.Month == 1
                ? month.ToString(chinese ? "yyyy年" : "yyyy", culture)
                : month.ToString(chinese ? "M月" : "MMM", culture);
            svg.Text(mx, StockTop + StockHeight + 18, text, "middle", 11);
            svg.Text(mx, DemandTop + DemandHeight + 18, text, "middle", 11);
        }

        Legend(svg, 6, [
            (HistoryFill, "rect", labels.History), (ForecastBlue, "line", labels.Forecast), (ForecastBlue + "|0.45", "rect", labels.Band50),
            (ForecastBlue + "|0.2", "rect", labels.Band80), (PipelineOrange + "|0.45", "rect", labels.Pipeline), (PipelineOrange, "rect", labels.NewBusiness),
            .. overrides.Count > 0 ? new[] { (OverridePurple, "diamond", labels.Override) } : [],
        ]);
        Legend(svg, StockTop + StockHeight + 38, [
            (StockGreen, "line", labels.ProjectedStock), (StockGreen + "|0.25", "rect", labels.StockBand), (Red, "dash", labels.ReorderPoint),
            (PipelineOrange, "dot", labels.SafetyStock), (ForecastBlue, "triangle", labels.Incoming),
        ]);
        svg.Raw("</svg>");
        return svg.ToString();
    }

    private static void PanelFrame(SvgCanvas svg, string title, double top, double height, LinearScale y, IReadOnlyList<double> ticks, CultureInfo culture)
    {
        svg.Text(Left, top - 10, title, "start", 13, Ink, "600");
        foreach (var t in ticks)
        {
            var ty = y.Map(t);
            svg.Line(Left, ty, Width - Right, ty, Grid);
            svg.Text(Left - 6, ty + 4, t.ToString(Math.Abs(t) >= 10 || t == Math.Round(t) ? "N0" : "N1", culture), "end", 11);
        }
        svg.Line(Left, top, Left, top + height, Muted);
    }

    private static void AsOfLine(SvgCanvas svg, double x, double top, double height, string? label)
    {
        svg.Line(x, top, x, top + height, Ink, 1, "3 3", "as-of");
        if (label is not null)
            svg.Text(x + 4, top + 12, label, "start", 11, Ink);
    }

    private static void Legend(SvgCanvas svg, double y, IReadOnlyList<(string Color, string Shape, string Text)> items)
    {
        double x = Left;
        foreach (var (colorSpec, shape, text) in items)
        {
            var parts = colorSpec.Split('|');
            var color = parts[0];
            var opacity = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
            switch (shape)
            {
                case "line":
                    svg.Line(x, y + 6, x + 18, y + 6, color, 2.5);
                    break;
                case "dash":
                    svg.Line(x, y + 6, x + 18, y + 6, color, 1.5, "6 4");
                    break;
                case "dot":
                    svg.Line(x, y + 6, x + 18, y + 6, color, 1.5, "2 3");
                    break;
                case "triangle":
                    svg.Polygon([(x + 9, y), (x + 3, y + 11), (x + 15, y + 11)], color);
                    break;
                case "diamond":
                    svg.Polygon([(x + 9, y), (x + 15, y + 6), (x + 9, y + 12), (x + 3, y + 6)], color);
                    break;
                default:
                    svg.Rect(x + 2, y, 14, 12, color, opacity: opacity);
                    break;
            }
            svg.Text(x + 22, y + 10, text, "start", 11, Ink);
            // CJK glyphs are about twice as wide as Latin ones at the same size.
            x += 22 + text.Sum(c => c > 0x2E80 ? 11.5 : 6.2) + 16;
        }
    }

    private static IEnumerable<DateOnly> MonthStarts(DateOnly start, DateOnly end)
    {
        var m = new DateOnly(start.Year, start.Month, 1);
        if (m < start)
            m = m.AddMonths(1);
        for (; m <= end; m = m.AddMonths(1))
            yield return m;
    }
}
