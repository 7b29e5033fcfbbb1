using System.Text.Json;
using Fairdrop.Exchange.Distributions;

namespace Fairdrop.Restock.Rounds;

/// <summary>The alert every wave carries, as exchange templates; <c>data.click_base</c> plus the recipient id is the tracked link.</summary>
internal static class WaveContent
{
    private const string Link = "{{ data.click_base }}/{{ recipient.externalId }}";

    public static readonly DistributionContent Content = new(
        new EmailContent(
            "{{ data.title }} is back in stock",
            $"<p>Good news: <strong>{{{{ data.title }}}}</strong> is back.</p><p><a href=\"{Link}\">Get it now</a> while it lasts.</p><p><a href=\"{{{{ unsubscribe_url }}}}\">Unsubscribe</a></p>",
            $"Good news: {{{{ data.title }}}} is back. Get it now while it lasts: {Link}\n\nUnsubscribe: {{{{ unsubscribe_url }}}}"),
        new InAppContent("{{ data.title }} is back in stock", $"Get it now while it lasts: {Link}"));

    public static JsonElement Data(string title, string? url, string? imageUrl, string clickBase, Guid roundId, long wave) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["title"] = title,
            ["url"] = url,
            ["image_url"] = imageUrl,
            ["click_base"] = clickBase,
            ["round"] = roundId.ToString(),
            ["wave"] = wave,
        });
}
