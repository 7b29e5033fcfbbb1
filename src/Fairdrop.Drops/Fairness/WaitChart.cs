using System.Globalization;
using System.Text;

namespace Fairdrop.Drops.Fairness;

/// <summary>An SVG histogram of the delays served to humans and to suspected bots, small enough to embed in a report.</summary>
internal static class WaitChart
{
    private const int Buckets = 20;
    private const int Width = 600;
    private const int Height = 220;

    public static string Render(IReadOnlyList<double> humans, IReadOnlyList<double> bots)
    {
        var max = Math.Max(1e-9, humans.Concat(bots).DefaultIfEmpty(0).Max());
        var human = Histogram(humans, max);
        var bot = Histogram(bots, max);
        var tallest = Math.Max(1, human.Concat(bot).Max());
        var f = CultureInfo.InvariantCulture;
        var svg = new StringBuilder()
            .Append(f, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">")
            .Append("<title>Delays served (seconds): humans blue, suspected bots red</title>")
            .Append(f, $"<line x1=\"40\" y1=\"{Height - 30}\" x2=\"{Width - 10}\" y2=\"{Height - 30}\" stroke=\"#333\"/>");
        var slot = (Width - 50) / (double)Buckets;
        for (var i = 0; i < Buckets; i++)
        {
            Bar(svg, 40 + (i * slot), slot / 2 - 1, human[i], tallest, "#2b6cb0");
            Bar(svg, 40 + (i * slot) + (slot / 2), slot / 2 - 1, bot[i], tallest, "#c53030");
        }

        svg.Append(f, $"<text x=\"40\" y=\"{Height - 10}\" font-size=\"11\">0 s</text>")
            .Append(f, $"<text x=\"{Width - 80}\" y=\"{Height - 10}\" font-size=\"11\">{max:0.#} s</text>")
            .Append("</svg>");
        return svg.ToString();
    }

    private static int[] Histogram(IReadOnlyList<double> values, double max)
    {
        var counts = new int[Buckets];
        foreach (var value in values)
        {
            counts[Math.Min(Buckets - 1, (int)(value / max * Buckets))]++;
        }

        return counts;
    }

    private static void Bar(StringBuilder svg, double x, double width, int count, int tallest, string colour)
    {
        var height = (Height - 50) * count / (double)tallest;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{Height - 30 - height:0.#}\" width=\"{Math.Max(1, width):0.#}\" height=\"{height:0.#}\" fill=\"{colour}\"/>");
    }
}
