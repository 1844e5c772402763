namespace Forecast.Web.Charts;

/// <summary>
/// A word-sized line of monthly quantities drawn on the server (no script, no library): the shape only, with no axes,
/// so the page says the numbers in words next to it and in the image's accessible name.
/// </summary>
public static class Sparkline
{
    public const double Width = 120, Height = 28, Padding = 2;

    /// <summary>
    /// Where each value sits in a <paramref name="width"/> × <paramref name="height"/> box: evenly spaced from left to
    /// right inside the padding, zero on the bottom edge and the largest value on the top edge (quantities are never
    /// negative; a negative one is drawn as zero). All zeros lie on the bottom edge; a single value sits in the middle.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> Points(IReadOnlyList<decimal> values, double width = Width, double height = Height, double padding = Padding)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            return [];
        var max = (double)values.Max(v => Math.Max(0, v));
        var bottom = height - padding;
        var span = height - 2 * padding;
        var step = values.Count == 1 ? 0 : (width - 2 * padding) / (values.Count - 1);
        return values.Select((v, i) => (
            values.Count == 1 ? width / 2 : padding + i * step,
            max <= 0 ? bottom : bottom - (double)Math.Max(0, v) / max * span)).ToList();
    }

    /// <summary>The <c>svg</c> element: the line, a dot on the latest month, and <paramref name="label"/> as its accessible name.</summary>
    public static string Svg(IReadOnlyList<decimal> values, string label, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        var points = Points(values);
        var canvas = new SvgCanvas().Raw($"<svg class=\"sparkline\"{(id is null ? "" : $" id=\"{SvgCanvas.Escape(id)}\"")} role=\"img\" aria-label=\"{SvgCanvas.Escape(label)}\" "
            + $"width=\"{SvgCanvas.N(Width)}\" height=\"{SvgCanvas.N(Height)}\" viewBox=\"0 0 {SvgCanvas.N(Width)} {SvgCanvas.N(Height)}\">");
        if (points.Count > 0)
        {
            canvas.Line(Padding, Height - Padding, Width - Padding, Height - Padding, "#d9e0e7")
                .Polyline(points, "#1f6feb", 1.5)
                .Circle(points[^1].X, points[^1].Y, 2.2, "#1f6feb");
        }
        return canvas.Raw("</svg>").ToString();
    }
}
