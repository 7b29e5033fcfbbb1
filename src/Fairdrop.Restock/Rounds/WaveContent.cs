using System.Text.Json;
using Fairdrop.Exchange.Distributions;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// The alert every wave carries, as exchange templates. The link is the product's own page: the exchange's tracking
/// turns it into its signed click redirect (email HTML, SMS) and records the click there, the one click-tracking path
/// (docs/adr/0015-exchange-intake.md); restock's funnel reads those clicks back through the exchange.
/// </summary>
internal static class WaveContent
{
    private const string Link = "{{ data.url }}";

    public static readonly DistributionContent Content = new(
        new EmailContent(
            "{{ data.title }} is back in stock",
            $"<p>Good news: <strong>{{{{ data.title }}}}</strong> is back.</p><p><a href=\"{Link}\">Get it now</a> while it lasts.</p><p><a href=\"{{{{ unsubscribe_url }}}}\">Unsubscribe</a></p>",
            $"Good news: {{{{ data.title }}}} is back. Get it now while it lasts: {Link}\n\nUnsubscribe: {{{{ unsubscribe_url }}}}"),
        new InAppContent("{{ data.title }} is back in stock", $"Get it now while it lasts: {Link}"));

    public static JsonElement Data(string title, string? url, string? imageUrl, Guid roundId, long wave) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["title"] = title,
            ["url"] = url,
            ["image_url"] = imageUrl,
            ["round"] = roundId.ToString(),
            ["wave"] = wave,
        });
}
