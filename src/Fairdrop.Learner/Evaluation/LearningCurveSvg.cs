using System.Globalization;
using System.Net;
using System.Text;

namespace Fairdrop.Learner.Evaluation;

/// <summary>The learning curve as a self-contained SVG: engagement per offer by day, one line per policy.</summary>
public static class LearningCurveSvg
{
    private const int Width = 760;
    private const int Height = 420;
    private const int Left = 60;
    private const int Right = 200;
    private const int Top = 30;
    private const int Bottom = 50;
    private static readonly string[] Colors = ["#000000", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#ff7f0e", "#7f7f7f"];

    public static string Render(EvaluationReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var max = Math.Ceiling(report.Policies.SelectMany(p => p.Curve).DefaultIfEmpty(0.1).Max() * 20) / 20;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int day) => Left + (plotWidth * day / (double)Math.Max(1, report.Days - 1));
        double Y(double rate) => Top + plotHeight - (plotHeight * rate / max);
        var svg = new StringBuilder();
        svg.AppendLine(c, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine(c, $"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        svg.AppendLine(c, $"""<text x="{Left}" y="18" font-size="14">Engagement per offer by day — {report.Shoppers:N0} simulated shoppers, seed {report.Seed}</text>""");
        for (var tick = 0.0; tick <= max + 1e-9; tick += max / 5)
        {
            svg.AppendLine(c, $"""<line x1="{Left}" x2="{Left + plotWidth}" y1="{Y(tick):0.0}" y2="{Y(tick):0.0}" stroke="#ddd"/><text x="{Left - 8}" y="{Y(tick) + 4:0.0}" text-anchor="end">{tick:0.000}</text>""");
        }

        for (var day = 0; day < report.Days; day += Math.Max(1, report.Days / 6))
        {
            svg.AppendLine(c, $"""<text x="{X(day):0.0}" y="{Top + plotHeight + 18}" text-anchor="middle">{day + 1}</text>""");
        }

        svg.AppendLine(c, $"""<text x="{Left + (plotWidth / 2)}" y="{Height - 10}" text-anchor="middle">day</text>""");
        for (var i = 0; i < report.Policies.Count; i++)
        {
            var policy = report.Policies[i];
            var color = Colors[i % Colors.Length];
            var points = string.Join(' ', policy.Curve.Select((rate, day) => string.Create(c, $"{X(day):0.0},{Y(rate):0.0}")));
            var width = policy.Name == "learned" ? 3 : 1.5;
            svg.AppendLine(c, $"""<polyline fill="none" stroke="{color}" stroke-width="{width}" points="{points}"/>""");
            svg.AppendLine(c, $"""<line x1="{Width - Right + 15}" x2="{Width - Right + 35}" y1="{Top + 10 + (i * 20)}" y2="{Top + 10 + (i * 20)}" stroke="{color}" stroke-width="{width}"/>""");
            svg.AppendLine(c, $"""<text x="{Width - Right + 40}" y="{Top + 14 + (i * 20)}">{WebUtility.HtmlEncode(policy.Name)}</text>""");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
