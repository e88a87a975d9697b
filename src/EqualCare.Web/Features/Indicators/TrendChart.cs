using System.Globalization;
using System.Net;
using System.Text;
using EqualCare.Web.Domain.Indicators;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// A line chart of one indicator's rate over periods, drawn as SVG on the server: prints, needs no script, and each point
/// carries a &lt;title&gt; tooltip with the figure behind it. The target is a dashed line; points take their RAG colour.
/// </summary>
public static class TrendChart
{
    const int Width = 640, Height = 240, Left = 48, Right = 16, Top = 16, Bottom = 40;

    public static string Svg(string title, IReadOnlyList<(string Label, Figure Figure)> points, Target target)
    {
        var inv = CultureInfo.InvariantCulture;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (points.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(points.Count - 1));
        double Y(decimal percent) => Top + plotHeight * (1 - (double)percent / 100);

        var svg = new StringBuilder();
        svg.Append(inv, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Enc(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(inv, $"<title>{Enc(title)}</title>");
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            svg.Append(inv, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\"/>");
            svg.Append(inv, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\">{tick}%</text>");
        }
        if (target.TargetPercent is { } goal)
            svg.Append(inv, $"<line class=\"target\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(goal):0.#}\" y2=\"{Y(goal):0.#}\"><title>{goal:0.#}%</title></line>");

        var line = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            svg.Append(inv, $"<text class=\"tick\" x=\"{X(i):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{Enc(points[i].Label)}</text>");
            if (points[i].Figure.RatePercent is not { } rate) continue;
            line.Append(inv, $"{(line.Length == 0 ? "M" : " L")}{X(i):0.#},{Y(rate):0.#}");
        }
        if (line.Length > 0) svg.Append(inv, $"<path class=\"trend\" d=\"{line}\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var f = points[i].Figure;
            if (f.RatePercent is not { } rate) continue;
            var rag = target.Judge(rate).ToString().ToLowerInvariant();
            svg.Append(inv, $"<circle class=\"point rag-{rag}\" cx=\"{X(i):0.#}\" cy=\"{Y(rate):0.#}\" r=\"5\"><title>{Enc(points[i].Label)}: {rate:0.0}% ({f.Numerator}/{f.Denominator})</title></circle>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    static string Enc(string text) => WebUtility.HtmlEncode(text);
}
