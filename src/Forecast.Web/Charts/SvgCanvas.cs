using System.Globalization;
using System.Security;
using System.Text;

namespace Forecast.Web.Charts;

/// <summary>
/// A linear map from data to pixels along one axis, with "nice" tick values (1, 2, 2.5 or 5 × 10ⁿ, as in Heckbert's
/// "Nice numbers for graph labels", Graphics Gems, 1990) so the axis reads 0, 50, 100 rather than 0, 47.3, 94.6.
/// </summary>
internal sealed class LinearScale
{
    private readonly double _min;
    private readonly double _max;
    private readonly double _from;
    private readonly double _to;

    public LinearScale(double min, double max, double from, double to)
    {
        if (!(max > min))
            max = min + 1;
        _min = min;
        _max = max;
        _from = from;
        _to = to;
    }

    public double Min => _min;
    public double Max => _max;

    public double Map(double value) => _from + (value - _min) / (_max - _min) * (_to - _from);

    /// <summary>A scale from <paramref name="min"/> to a nice value at or above <paramref name="max"/>, and its ticks.</summary>
    public static (LinearScale Scale, IReadOnlyList<double> Ticks) Nice(double min, double max, double from, double to, int targetTicks = 5)
    {
        if (!double.IsFinite(min))
            min = 0;
        if (!double.IsFinite(max) || max <= min)
            max = min + 1;
        var step = NiceStep((max - min) / Math.Max(1, targetTicks));
        var lo = Math.Floor(min / step) * step;
        var hi = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var v = lo; v <= hi + step / 2; v += step)
            ticks.Add(Math.Round(v, 10));
        return (new LinearScale(lo, hi, from, to), ticks);
    }

    internal static double NiceStep(double raw)
    {
        if (!(raw > 0) || !double.IsFinite(raw))
            return 1;
        var exponent = Math.Floor(Math.Log10(raw));
        var power = Math.Pow(10, exponent);
        var fraction = raw / power;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}

/// <summary>Writes SVG elements with invariant numbers and escaped text (the only way text gets into a chart).</summary>
internal sealed class SvgCanvas
{
    private readonly StringBuilder _svg = new();

    public static string N(double value) => double.IsFinite(value) ? Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture) : "0";

    public static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    public SvgCanvas Raw(string markup)
    {
        _svg.Append(markup);
        return this;
    }

    public SvgCanvas Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null, string? cssClass = null) =>
        Raw($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}{Class(cssClass)}/>");

    public SvgCanvas Rect(double x, double y, double width, double height, string fill, string? cssClass = null, string? title = null, double opacity = 1)
    {
        if (height < 0)
        {
            y += height;
            height = -height;
        }
        var open = $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, width))}\" height=\"{N(height)}\" fill=\"{fill}\"{(opacity < 1 ? $" fill-opacity=\"{N(opacity * 100) }%\"" : "")}{Class(cssClass)}";
        return Raw(title is null ? open + "/>" : $"{open}><title>{Escape(title)}</title></rect>");
    }

    public SvgCanvas Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 2, string? dash = null, string? cssClass = null) =>
        Raw($"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\" stroke-linejoin=\"round\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}{Class(cssClass)} points=\"{Points(points)}\"/>");

    /// <summary>A band between an upper and a lower line over the same x values (a forecast fan).</summary>
    public SvgCanvas Band(IReadOnlyList<(double X, double Upper, double Lower)> points, string fill, double opacity, string? cssClass = null)
    {
        if (points.Count == 0)
            return this;
        var outline = points.Select(p => (p.X, p.Upper)).Concat(points.Reverse().Select(p => (p.X, p.Lower)));
        return Raw($"<polygon fill=\"{fill}\" fill-opacity=\"{N(opacity * 100)}%\" stroke=\"none\"{Class(cssClass)} points=\"{Points(outline)}\"/>");
    }

    public SvgCanvas Circle(double x, double y, double r, string fill, string? title = null, string? cssClass = null)
    {
        var open = $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r)}\" fill=\"{fill}\"{Class(cssClass)}";
        return Raw(title is null ? open + "/>" : $"{open}><title>{Escape(title)}</title></circle>");
    }

    public SvgCanvas Polygon(IEnumerable<(double X, double Y)> points, string fill, string? title = null, string? cssClass = null)
    {
        var open = $"<polygon fill=\"{fill}\"{Class(cssClass)} points=\"{Points(points)}\"";
        return Raw(title is null ? open + "/>" : $"{open}><title>{Escape(title)}</title></polygon>");
    }

    public SvgCanvas Text(double x, double y, string text, string anchor = "start", double size = 12, string fill = "#5b6b7c", string? weight = null) =>
        Raw($"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" font-size=\"{N(size)}\" fill=\"{fill}\"{(weight is null ? "" : $" font-weight=\"{weight}\"")}>{Escape(text)}</text>");

    public override string ToString() => _svg.ToString();

    private static string Points(IEnumerable<(double X, double Y)> points) => string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"));

    private static string Class(string? cssClass) => cssClass is null ? "" : $" class=\"{cssClass}\"";
}
