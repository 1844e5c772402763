using System.Globalization;
using Forecast.Core.Accuracy;

namespace Forecast.Web.Charts;

/// <summary>The accuracy chart's words, in the request's language (the page localizes them; the chart only places them).</summary>
public sealed record AccuracyChartLabels(string Title, string MasePanel, string BiasPanel, string Overall, string NaiveLevel, string NoFamily);

/// <summary>
/// Accuracy over time as server-side SVG, two panels on one week axis: above, MASE by week for all products (thick)
/// and each family (thin), with the naive forecast's level (MASE 1) dashed; below, the bias of all products as a share of
/// actual demand by week (bars up: forecast too high). Weeks with nothing scored leave a gap, not a zero.
/// Deterministic: the same data gives the same bytes.
/// </summary>
public static class AccuracyChart
{
    public const int Width = 1000;
    private const int Left = 56;
    private const int Right = 16;
    private const int MaseTop = 70;
    private const int MaseHeight = 220;
    private const int BiasTop = MaseTop + MaseHeight + 56;
    private const int BiasHeight = 140;
    public const int Height = BiasTop + BiasHeight + 40;

    private const string Ink = "#1d2733";
    private const string Muted = "#5b6b7c";
    private const string Grid = "#e6ebf0";
    private const string Over = "#ef6c00";
    private const string Under = "#1f6feb";

    /// <summary>Colours of the families' lines, in family order (repeating past the last).</summary>
    private static readonly string[] Palette = ["#1f6feb", "#2e7d32", "#ef6c00", "#8e24aa", "#00838f", "#c62828", "#6d4c41", "#546e7a"];

    public static string Render(AccuracyOverview overview, AccuracyChartLabels labels, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(overview);
        ArgumentNullException.ThrowIfNull(labels);
        var weeks = overview.Weeks;
        var svg = new SvgCanvas();
        svg.Raw($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"accuracy-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"accuracy-chart-title\">");
        svg.Raw($"<title id=\"accuracy-chart-title\">{SvgCanvas.Escape(labels.Title)}</title>");
        if (weeks.Count == 0)
            return svg.Raw("</svg>").ToString();

        var x = new LinearScale(-0.5, weeks.Count - 0.5, Left, Width - Right);
        var series = new List<(string Name, string Colour, double Width, IReadOnlyList<AccuracyWeek> Weeks)>
        {
            (labels.Overall, Ink, 3, overview.Overall.Weeks),
        };
        series.AddRange(overview.Families.Select((f, i) => (f.Family ?? labels.NoFamily, Palette[i % Palette.Length], 1.5, f.Weeks)));

        // MASE panel.
        var maxMase = series.SelectMany(s => s.Weeks).Select(w => w.Measures.Mase ?? 0).DefaultIfEmpty(0).Max();
        var (y, ticks) = LinearScale.Nice(0, Math.Max(1.2, maxMase), MaseTop + MaseHeight, MaseTop, 4);
        svg.Text(Left, MaseTop - 36, labels.MasePanel, size: 14, fill: Ink, weight: "600");
        foreach (var t in ticks)
        {
            svg.Line(Left, y.Map(t), Width - Right, y.Map(t), Grid);
            svg.Text(Left - 6, y.Map(t) + 4, t.ToString("0.##", culture), "end", 11, Muted);
        }
        svg.Line(Left, y.Map(1), Width - Right, y.Map(1), Muted, 1.5, "6 4");
        svg.Text(Width - Right, y.Map(1) - 4, labels.NaiveLevel, "end", 11, Muted);
        foreach (var (name, colour, width, points) in series)
        {
            var byWeek = points.ToDictionary(p => p.PeriodStart);
            foreach (var run in Runs(weeks, w => byWeek.GetValueOrDefault(w)?.Measures.Mase))
            {
                if (run.Count == 1)
                    svg.Circle(x.Map(run[0].Index), y.Map(run[0].Value), width + 1.5, colour, $"{name}: {run[0].Value.ToString("0.00", culture)}");
                else
                    svg.Polyline(run.Select(p => (x.Map(p.Index), y.Map(p.Value))), colour, width);
            }
        }
        // Legend on its own row under the panel title, five names a row (wrapping by count: family names are short).
        for (var i = 0; i < series.Count && i < 10; i++)
        {
            var lx = Left + (i % 5) * 180;
            var ly = MaseTop - 16 + (i / 5) * 14;
            svg.Line(lx, ly - 4, lx + 18, ly - 4, series[i].Colour, series[i].Width);
            svg.Text(lx + 22, ly, series[i].Name, size: 11, fill: Ink);
        }

        // Bias panel: all products, as a share of actual demand.
        var bias = overview.Overall.Weeks.ToDictionary(w => w.PeriodStart, w => w.Measures.BiasPercent);
        var maxBias = Math.Max(0.1, bias.Values.Where(v => v is not null).Select(v => Math.Abs(v!.Value)).DefaultIfEmpty(0).Max());
        var (yb, biasTicks) = LinearScale.Nice(-maxBias, maxBias, BiasTop + BiasHeight, BiasTop, 4);
        svg.Text(Left, BiasTop - 16, labels.BiasPanel, size: 14, fill: Ink, weight: "600");
        foreach (var t in biasTicks)
        {
            svg.Line(Left, yb.Map(t), Width - Right, yb.Map(t), t == 0 ? Muted : Grid);
            svg.Text(Left - 6, yb.Map(t) + 4, t.ToString("0%", culture), "end", 11, Muted);
        }
        var barWidth = Math.Max(2, x.Map(1) - x.Map(0) - 4);
        for (var i = 0; i < weeks.Count; i++)
        {
            if (bias.GetValueOrDefault(weeks[i]) is not { } b)
                continue;
            svg.Rect(x.Map(i) - barWidth / 2, yb.Map(0), barWidth, yb.Map(b) - yb.Map(0), b >= 0 ? Over : Under,
                title: $"{weeks[i].ToString("d", culture)}: {b.ToString("+0.0%;-0.0%;0%", culture)}");
        }

        // Week axis: about eight labels whatever the window.
        var every = Math.Max(1, (int)Math.Ceiling(weeks.Count / 8.0));
        for (var i = 0; i < weeks.Count; i += every)
            svg.Text(x.Map(i), BiasTop + BiasHeight + 18, weeks[i].ToString("M", culture), "middle", 11, Muted);
        return svg.Raw("</svg>").ToString();
    }

    /// <summary>Consecutive weeks with a value, so a line breaks where a week has nothing scored.</summary>
    private static List<List<(int Index, double Value)>> Runs(IReadOnlyList<DateOnly> weeks, Func<DateOnly, double?> value)
    {
        var runs = new List<List<(int, double)>>();
        List<(int, double)>? current = null;
        for (var i = 0; i < weeks.Count; i++)
        {
            if (value(weeks[i]) is { } v && double.IsFinite(v))
            {
                current ??= [];
                current.Add((i, v));
            }
            else if (current is not null)
            {
                runs.Add(current);
                current = null;
            }
        }
        if (current is not null)
            runs.Add(current);
        return runs;
    }
}
