using CsCheck;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Fairdrop.Gate.Tests.Hosting;

public sealed class CookieHeaderScanTests
{
    private static readonly string[] Names = ["customer_id", "session_id", "_shopify_y"];

    // Headers are pairs and separators: the names the gate reads (in other cases too) and others; plain values and
    // values with what the framework's parser treats specially (quotes, escapes, commas, spaces, backslashes,
    // non-ASCII); separators, and now and then a stray piece.
    private static readonly string[] PairNames = ["customer_id", "CUSTOMER_ID", "session_id", "_shopify_s", "_shopify_y", "other", ""];

    private static readonly string[] Values = ["c1", "s-2", "d.3", "x=y", "", "", "%41", "%", "\"q\"", "a b", "a,b", "\\", "é", "+"];

    private static readonly string[] Separators = [";", "; ", "; ", " ;", ";;", ",", " ", "=", ""];

    private static readonly Gen<string> Headers =
        Gen.Select(Gen.Int[0, PairNames.Length - 1], Gen.Int[0, Values.Length - 1], Gen.Int[0, Separators.Length - 1])
            .Select((name, value, separator) => PairNames[name] + "=" + Values[value] + Separators[separator])
            .Array[0, 8]
            .Select(pairs => string.Concat(pairs));

    [Fact]
    public void TryFind_PlainHeader_FindsEachValueWithoutTheFramework()
    {
        Span<Range> found = stackalloc Range[Names.Length];

        var plain = CookieHeaderScan.TryFind(new StringValues("Customer_ID=c1; session_id=; session_id=s1;other=1; _shopify_y=d1=x "), Names, found, out var header);

        Assert.True(plain);
        Assert.Equal("c1", header[found[0]]);
        Assert.Equal("s1", header[found[1]]);
        Assert.Equal("d1=x", header[found[2]]);
    }

    [Theory]
    [InlineData("customer_id=\"c1\"")]
    [InlineData("customer_id=c%201")]
    [InlineData("customer_id=c1, session_id=s1")]
    [InlineData("customer_id c1=1")]
    public void TryFind_HeaderNeedingTheFrameworksRules_LeavesItToTheFramework(string cookie)
    {
        Span<Range> found = stackalloc Range[Names.Length];

        Assert.False(CookieHeaderScan.TryFind(new StringValues(cookie), Names, found, out _));
    }

    [Fact]
    public void Read_AnyCookieHeader_FindsTheIdentitiesTheFrameworksCookiesGive()
    {
        var reader = new GateRequestReader(Options.Create(new GateOptions()));
        Headers.Sample(cookie =>
        {
            var context = new DefaultHttpContext();
            context.Request.Headers.Cookie = cookie;
            var request = new GateRequest();
            reader.Read(context, request);

            var cookies = new DefaultHttpContext { Request = { Headers = { Cookie = cookie } } }.Request.Cookies;
            Assert.Equal(cookies["customer_id"] ?? string.Empty, request.CustomerId);
            Assert.Equal(First(cookies["_shopify_s"], cookies["session_id"]), request.SessionId);
            Assert.Equal(cookies["_shopify_y"] ?? string.Empty, request.DeviceId);
        }, iter: 20_000);
    }

    [Fact]
    public void Read_TwoCookieHeaders_ReadsBoth()
    {
        var reader = new GateRequestReader(Options.Create(new GateOptions()));
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = new StringValues(["customer_id=c1", "_shopify_y=d1; session_id=s1"]);
        var request = new GateRequest();

        reader.Read(context, request);

        Assert.Equal(("c1", "s1", "d1"), (request.CustomerId, request.SessionId, request.DeviceId));
    }

    private static string First(string? first, string? second) => !string.IsNullOrEmpty(first) ? first : second ?? string.Empty;
}
