using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
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
        var clicks = tracking.Value.Clicks;
        var opens = tracking.Value.Opens;
        if (string.IsNullOrEmpty(html) || (!clicks && !opens))
        {
            return html;
        }

        // One pass into a pooled buffer: every message of a wave comes through here, and Regex.Replace with group
        // captures (interpreted: the generator cannot compile a case-insensitive backreference) made a quarter of
        // the dispatcher's allocations in bench restock.
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[512]);
        var copied = 0;

        // The pixel goes before the last </body>, or at the end; -1 once placed, or when opens are not tracked. A link
        // never contains a </body> (URLs stop at '>'), so the pixel never lands inside one.
        var pixelAt = !opens ? -1 : LastBodyClose(html) is var body and >= 0 ? body : html.Length;
        if (clicks)
        {
            foreach (var match in HrefPattern().EnumerateMatches(html))
            {
                // The match is href="URL" (or in single quotes): the URL runs from after the quote to the closing one.
                var urlStart = match.Index + html.AsSpan(match.Index, match.Length).IndexOfAny('"', '\'') + 1;
                var urlEnd = match.Index + match.Length - 1;
                var url = WebUtility.HtmlDecode(html[urlStart..urlEnd]);
                if (Skip(url))
                {
                    continue;
                }

                if (pixelAt >= 0 && pixelAt < urlStart)
                {
                    AppendPixel(ref text, html, ref copied, pixelAt, deliveryId);
                    pixelAt = -1;
                }

                text.AppendFormatted(html.AsSpan(copied, urlStart - copied));
                text.AppendLiteral(WebUtility.HtmlEncode(ClickUrl(deliveryId, url)));
                copied = urlEnd;
            }
        }

        if (pixelAt >= 0)
        {
            AppendPixel(ref text, html, ref copied, pixelAt, deliveryId);
        }

        if (!opens && copied == 0)
        {
            // No link was tracked: the input is the answer (and the pooled buffer goes back).
            _ = text.ToStringAndClear();
            return html;
        }

        text.AppendFormatted(html.AsSpan(copied));
        return text.ToStringAndClear();
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

    private void AppendPixel(ref DefaultInterpolatedStringHandler text, string html, ref int copied, int at, Guid deliveryId)
    {
        text.AppendFormatted(html.AsSpan(copied, at - copied));
        text.AppendLiteral("<img src=\"");
        text.AppendLiteral(PixelUrl(deliveryId));
        text.AppendLiteral("\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\" />");
        copied = at;
    }

    /// <summary>Where the last <c>&lt;/body&gt;</c> starts, in any letter case; -1 when there is none.</summary>
    private static int LastBodyClose(ReadOnlySpan<char> html)
    {
        for (var at = html.LastIndexOf("</"); at >= 0; at = html[..at].LastIndexOf("</"))
        {
            if (html[(at + 2)..].StartsWith("body>", StringComparison.OrdinalIgnoreCase))
            {
                return at;
            }
        }

        return -1;
    }

    // Two quoted alternatives rather than a backreference to the opening quote, so the generator compiles it.
    [GeneratedRegex("""href\s*=\s*(?:"https?://[^"'\s>]+"|'https?://[^"'\s>]+')""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HrefPattern();

    [GeneratedRegex("""https?://[^\s<>"']+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
