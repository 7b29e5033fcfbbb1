using System.Text.RegularExpressions;
using CsCheck;
using Fairdrop.Exchange.Engagement;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Tests.Engagement;

/// <summary>Signed tracking tokens and the rewriting of links in email HTML and SMS text.</summary>
public sealed partial class TrackingTests
{
    private static readonly Guid Delivery = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private readonly TrackingTokens _tokens = new(Options.Create(new ExchangeOptions { PublicBaseUrl = "https://fd.example", UnsubscribeSecret = "secret" }));

    private TrackingLinks Links => new(_tokens, Options.Create(new ExchangeOptions { PublicBaseUrl = "https://fd.example/" }), Options.Create(new TrackingOptions()));

    [Fact]
    public void TryReadClick_TokenItIssued_DeliveryAndUrlBack()
    {
        var token = _tokens.Click(Delivery, "https://shop.example/p/1?a=1&b=2");

        Assert.True(_tokens.TryReadClick(token, out var delivery, out var url));
        Assert.Equal(Delivery, delivery);
        Assert.Equal("https://shop.example/p/1?a=1&b=2", url);
    }

    [Fact]
    public void TryReadClick_AnyByteAltered_Refused()
    {
        var token = _tokens.Click(Delivery, "https://shop.example/p/1");
        var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token);
        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x20;
            Assert.False(_tokens.TryReadClick(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(altered), out _, out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("AAAA")]
    public void TryReadClick_Garbage_Refused(string token) => Assert.False(_tokens.TryReadClick(token, out _, out _));

    [Fact]
    public void TryReadOpen_ClickTokenOrOtherKey_Refused()
    {
        var other = new TrackingTokens(Options.Create(new ExchangeOptions { UnsubscribeSecret = "another" }));

        Assert.False(_tokens.TryReadOpen(_tokens.Click(Delivery, "https://shop.example"), out _));
        Assert.False(_tokens.TryReadOpen(other.Open(Delivery), out _));
        Assert.True(_tokens.TryReadOpen(_tokens.Open(Delivery), out var delivery));
        Assert.Equal(Delivery, delivery);
    }

    [Fact]
    public void RewriteHtml_LinksAndPixel_EveryHttpLinkTrackedUnsubscribeKept()
    {
        const string html = """<html><body><a href="https://shop.example/p/1?a=1&amp;b=2">Buy</a> <a href='http://x.example'>x</a> <a href="mailto:a@b.c">m</a> <a href="https://fd.example/api/v1/exchange/unsubscribe/tok">Unsubscribe</a></body></html>""";

        var rewritten = Links.RewriteHtml(html, Delivery)!;

        var tracked = TrackedToken().Matches(rewritten).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, tracked.Count);
        Assert.True(_tokens.TryReadClick(tracked[0], out _, out var first));
        Assert.Equal("https://shop.example/p/1?a=1&b=2", first);
        Assert.True(_tokens.TryReadClick(tracked[1], out _, out var second));
        Assert.Equal("http://x.example", second);
        Assert.Contains("href=\"mailto:a@b.c\"", rewritten, StringComparison.Ordinal);
        Assert.Contains("https://fd.example/api/v1/exchange/unsubscribe/tok", rewritten, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://fd.example/api/v1/exchange/o/", rewritten, StringComparison.Ordinal);
        Assert.EndsWith("/></body></html>", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void RewriteText_SmsWithLinkAndFullStop_LinkTrackedPunctuationKept()
    {
        var rewritten = Links.RewriteText("Back in stock: https://shop.example/p/1. Reply STOP to opt out", Delivery)!;

        Assert.Matches(@"^Back in stock: https://fd\.example/api/v1/exchange/r/[A-Za-z0-9_-]+\. Reply STOP to opt out$", rewritten);
        Assert.True(_tokens.TryReadClick(TrackedToken().Match(rewritten).Groups[1].Value, out _, out var url));
        Assert.Equal("https://shop.example/p/1", url);
    }

    [Fact]
    public void RewriteHtml_TrackingOff_Unchanged()
    {
        var links = new TrackingLinks(_tokens, Options.Create(new ExchangeOptions()), Options.Create(new TrackingOptions { Opens = false, Clicks = false }));

        Assert.Equal("<a href=\"https://shop.example\">x</a>", links.RewriteHtml("<a href=\"https://shop.example\">x</a>", Delivery));
        Assert.Equal("see https://shop.example", links.RewriteText("see https://shop.example", Delivery));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void RewriteHtml_RandomHtml_SameAsRegexReplaceThenInsert(bool clicks, bool opens)
    {
        // The one-pass rewriter against the straightforward form it replaced: Regex.Replace over href="URL" (the
        // opening quote matched by a backreference), then the pixel inserted before the last </body> of the result.
        var options = Options.Create(new ExchangeOptions { PublicBaseUrl = "https://fd.example" });
        var links = new TrackingLinks(_tokens, options, Options.Create(new TrackingOptions { Clicks = clicks, Opens = opens }));
        string[] pieces = [
            "<a ", "href=", "HREF = ", "href=\"", "'", "\"", "https://shop.example/p/1", "http://x.example", "HTTPS://Y.example/?a=1&amp;b=2",
            "https://fd.example/api/v1/exchange/unsubscribe/tok", "https://fd.example/api/v1/exchange/r/abc", "mailto:a@b.c",
            "</body>", "</BODY>", "</bo", "dy>", "<body>", ">", " ", "\n", "x", "é", "<", "/"];
        Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[0, 30].Select(string.Concat).Sample(
            html => Assert.Equal(Reference(links, html, clicks, opens), links.RewriteHtml(html, Delivery)),
            iter: 3_000);
    }

    private static string Reference(TrackingLinks links, string html, bool clicks, bool opens)
    {
        var rewritten = !clicks ? html : ReferenceHref().Replace(html, m =>
        {
            var url = System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value);
            var skip = url.StartsWith("https://fd.example/api/v1/exchange/unsubscribe/", StringComparison.OrdinalIgnoreCase)
                || url.StartsWith("https://fd.example/api/v1/exchange/r/", StringComparison.OrdinalIgnoreCase);
            return skip ? m.Value : $"{m.Groups["pre"].Value}{System.Net.WebUtility.HtmlEncode(links.ClickUrl(Delivery, url))}{m.Groups["quote"].Value}";
        });
        if (!opens || html.Length == 0)
        {
            return rewritten;
        }

        var pixel = $"<img src=\"{links.PixelUrl(Delivery)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\" />";
        var end = rewritten.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? rewritten + pixel : rewritten.Insert(end, pixel);
    }

    [GeneratedRegex("""(?<pre>href\s*=\s*(?<quote>["']))(?<url>https?://[^"'\s>]+)\k<quote>""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceHref();

    [GeneratedRegex("/api/v1/exchange/r/([A-Za-z0-9_-]+)")]
    private static partial Regex TrackedToken();
}
