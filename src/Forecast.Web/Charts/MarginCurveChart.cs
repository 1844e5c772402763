using System.Globalization;
using Forecast.Modeling.Pricing;

namespace Forecast.Web.Charts;

/// <summary>Words of the margin-curve chart, in the reader's language (the page passes them through its localizer).</summary>
public sealed record MarginCurveLabels(string Name, string Floor, string Suggested, string Quoted, string Price, string ExpectedMargin);

/// <summary>
/// The expected-margin curve of one quote line drawn on the server: expected margin against price from the floor up,
/// the floor at the left edge, the suggested price and its interval marked, and the quoted price when there is one.
/// Responsive (viewBox, width 100%) so it fits a phone.
/// </summary>
public static class MarginCurveChart
{
    public const double Width = 560, Height = 220;
    private const double Left = 56, Right = 12, Top = 14, Bottom = 34;

    public static string Svg(PriceSuggestion suggestion, MarginCurveLabels labels, string id, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(labels);
        var curve = suggestion.Curve;
        var prices = curve.Select(p => p.Price).Append(suggestion.Quoted?.Price ?? suggestion.Floor).ToList();
        var margins = curve.Select(p => p.ExpectedMargin).Append(suggestion.Quoted?.ExpectedMargin ?? 0).Append(0).ToList();
        var x = new LinearScale(prices.Min(), prices.Max(), Left, Width - Right);
        var (y, ticks) = LinearScale.Nice(margins.Min(), margins.Max(), Height - Bottom, Top, 4);
        var canvas = new SvgCanvas().Raw($"<svg class=\"margin-curve\" id=\"{SvgCanvas.Escape(id)}\" role=\"img\" aria-label=\"{SvgCanvas.Escape(labels.Name)}\" "
            + $"viewBox=\"0 0 {SvgCanvas.N(Width)} {SvgCanvas.N(Height)}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\">");
        foreach (var t in ticks)
        {
            canvas.Line(Left, y.Map(t), Width - Right, y.Map(t), t == 0 ? "#9aa7b4" : "#e4e9ee")
                .Text(Left - 6, y.Map(t) + 4, t.ToString("N0", culture), "end", 11);
        }
        canvas.Rect(x.Map(suggestion.PriceLow), Top, Math.Max(1, x.Map(suggestion.PriceHigh) - x.Map(suggestion.PriceLow)), Height - Top - Bottom, "#1f6feb", "band", opacity: 0.12)
            .Polyline(curve.Select(p => (x.Map(p.Price), y.Map(p.ExpectedMargin))), "#1f6feb", 2, cssClass: "curve")
            .Line(x.Map(suggestion.Floor), Top, x.Map(suggestion.Floor), Height - Bottom, "#c0392b", 1.5, "4 3", "floor")
            .Circle(x.Map(suggestion.Price), y.Map(suggestion.ExpectedMargin), 4.5, "#1f6feb", labels.Suggested, "optimum");
        if (suggestion.Quoted is { } q)
            canvas.Circle(x.Map(q.Price), y.Map(q.ExpectedMargin), 4, "#e67e22", labels.Quoted, "quoted");
        canvas.Text(x.Map(suggestion.Floor) + 4, Top + 26, labels.Floor, "start", 11, "#c0392b")
            .Text(Left, Height - 8, x.Min.ToString("N0", culture), "start", 11)
            .Text(Width - Right, Height - 8, x.Max.ToString("N0", culture), "end", 11)
            .Text((Left + Width - Right) / 2, Height - 8, labels.Price, "middle", 11)
            .Text(Left, Top - 3, labels.ExpectedMargin, "start", 11);
        return canvas.Raw("</svg>").ToString();
    }
}
