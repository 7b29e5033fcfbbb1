using System.Diagnostics;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>
/// The real app (workers running, polling every 100 ms) over SQLite with its SMS channel pointed at the loopback
/// Twilio-contract fake, and the shopper's side of it: texts signed as the provider signs its inbound webhooks, and
/// waiting for what the fake received.
/// </summary>
internal sealed class SmsApp : IAsyncDisposable
{
    public const string PublicBase = "http://localhost:5080";
    public const string ShopperPhone = "+16502530001";

    private SmsApp(FakeTwilio twilio, FairdropFactory factory, WebApplicationFactory<Program> app) => (Twilio, Factory, App) = (twilio, factory, app);

    public FakeTwilio Twilio { get; }

    public FairdropFactory Factory { get; }

    public WebApplicationFactory<Program> App { get; }

    public static async Task<SmsApp> StartAsync()
    {
        var twilio = await FakeTwilio.StartAsync();
        var factory = await FairdropFactory.CreateAsync();
        var app = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Fairdrop:Exchange:PublicBaseUrl", PublicBase);
            b.UseSetting("Fairdrop:Exchange:PollInterval", "00:00:00.100");
            b.UseSetting("Fairdrop:Exchange:Sms:BaseUrl", twilio.BaseUrl);
            b.UseSetting("Fairdrop:Exchange:Sms:AccountSid", FakeTwilio.AccountSid);
            b.UseSetting("Fairdrop:Exchange:Sms:AuthToken", FakeTwilio.AuthToken);
            b.UseSetting("Fairdrop:Exchange:Sms:From", FakeTwilio.From);
        });
        return new SmsApp(twilio, factory, app);
    }

    /// <summary>The shopper texts <paramref name="body"/> to the shop's number, signed as the provider would.</summary>
    public async Task<HttpResponseMessage> InboundAsync(string merchantId, string sid, string body)
    {
        var path = $"/api/v1/exchange/sms/{merchantId}/inbound";
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["From"] = ShopperPhone, ["To"] = FakeTwilio.From, ["Body"] = body };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(FakeTwilio.AuthToken, PublicBase + path, form));
        return await App.CreateClient().SendAsync(request);
    }

    /// <summary>Waits (up to 20 s) until the provider has received <paramref name="count"/> texts, and asserts it has that many.</summary>
    public async Task TextsAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (Twilio.Messages.Count < count && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        Assert.Equal(count, Twilio.Messages.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Factory.DisposeAsync();
        await Twilio.DisposeAsync();
    }
}
