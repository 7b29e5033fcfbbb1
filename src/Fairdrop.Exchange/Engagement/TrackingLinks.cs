using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Engagement;

/// <summary>
/// Rewrites outgoing content for tracking: every http(s) link in email HTML and SMS text becomes a signed redirect
/// through <c>/api/v1/exchange/r/{token}</c>, and HTML emails get a 1×1 pixel at <c>/api/v1/exchange/o/{token}</c>.
/// The unsubscribe link is left alone (it must work with one click, and is not engagement). Each part can be
/// turned off in <see cref="TrackingOptions"/>.
/// </summary>
internal sealed partial class TrackingLinks(TrackingTokens tokens, IOptions<ExchangeOptions> options, IOptions<TrackingOptions> tracking)
{
    // Options are read once (IOptions, not a monitor), so the prefixes every link is checked against are built once.
    private readonly string _base = ExchangeBase(options.Value);
    private readonly string _unsubscribePrefix = ExchangeBase(options.Value) + "/unsubscribe/";
    private readonly string _redirectPrefix = ExchangeBase(options.Value) + "/r/";

    public string ClickUrl(Guid deliveryId, string url) => $"{_base}/r/{tokens.Click(deliveryId, url)}";

    public string PixelUrl(Guid deliveryId) => $"{_base}/o/{tokens.Open(deliveryId)}";

    public string? RewriteHtml(string? html, Guid deliveryId)
    {
        if (string.IsNullOrEmpty(html))
        {
            return html;
        }

        var rewritten = !tracking.Value.Clicks ? html : HrefPattern().Replace(html, m =>
        {
            var url = WebUtility.HtmlDecode(m.Groups["url"].Value);
            return Skip(url) ? m.Value : $"{m.Groups["pre"].Value}{WebUtility.HtmlEncode(ClickUrl(deliveryId, url))}{m.Groups["quote"].Value}";
        });
        if (!tracking.Value.Opens)
        {
            return rewritten;
        }

        var pixel = $"<img src=\"{PixelUrl(deliveryId)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\" />";
        var end = rewritten.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? rewritten + pixel : rewritten.Insert(end, pixel);
    }

    public string? RewriteText(string? text, Guid deliveryId)
    {
        if (string.IsNullOrEmpty(text) || !tracking.Value.Clicks)
        {
            return text;
        }

        return UrlPattern().Replace(text, m =>
        {
            // Sentence punctuation after a link is not part of it.
            var url = m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')');
            return Skip(url) ? m.Value : ClickUrl(deliveryId, url) + m.Value[url.Length..];
        });
    }

    private static string ExchangeBase(ExchangeOptions options) => options.PublicBaseUrl.TrimEnd('/') + "/api/v1/exchange";

    private bool Skip(string url) =>
        url.StartsWith(_unsubscribePrefix, StringComparison.OrdinalIgnoreCase) || url.StartsWith(_redirectPrefix, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("""(?<pre>href\s*=\s*(?<quote>["']))(?<url>https?://[^"'\s>]+)\k<quote>""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HrefPattern();

    [GeneratedRegex("""https?://[^\s<>"']+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
