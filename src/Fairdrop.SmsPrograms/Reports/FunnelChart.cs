using System.Globalization;
using System.Security;
using System.Text;

namespace Fairdrop.SmsPrograms.Reports;

/// <summary>The referral funnel as a small SVG bar chart, self-contained (no script, no external font), for the console and the CLI.</summary>
internal static class FunnelChart
{
    private const int Width = 480;
    private const int Bar = 28;
    private const int Gap = 12;
    private const int Label = 150;

    public static string Render(string title, ReferralFunnel funnel)
    {
        (string Name, int Value)[] bars = [("Offers sent", funnel.OffersSent), ("Codes used", funnel.CodesUsed), ("Confirmed friends", funnel.ConfirmedFriends), ("Rewards", funnel.Rewards)];
        var max = Math.Max(1, bars.Max(b => b.Value));
        var height = 40 + (bars.Length * (Bar + Gap));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"13\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{SecurityElement.Escape(title)}</title><text x=\"0\" y=\"18\" font-weight=\"bold\">{SecurityElement.Escape(title)}</text>");
        for (var i = 0; i < bars.Length; i++)
        {
            var y = 30 + (i * (Bar + Gap));
            var w = (int)Math.Round((Width - Label - 60) * (double)bars[i].Value / max);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 19}\">{bars[i].Name}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Label}\" y=\"{y}\" width=\"{w}\" height=\"{Bar}\" fill=\"#3b6ea5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Label + w + 6}\" y=\"{y + 19}\">{bars[i].Value}</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
