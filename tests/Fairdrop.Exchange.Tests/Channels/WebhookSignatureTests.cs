using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Tests.Support;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Exchange.Tests.Channels;

/// <summary>
/// Webhooks checked against the Standard Webhooks scheme as its specification documents it, by a receiver written
/// here from the spec (not with <see cref="WebhookSigner"/>), running in real Kestrel on loopback.
/// </summary>
public sealed class WebhookSignatureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void Sign_SpecificationTestVector_MatchesTheDocumentedSignature()
    {
        // The test vector published with the Standard Webhooks reference libraries.
        var signature = WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public async Task Dispatch_Webhook_ReceiverInKestrelVerifiesTheSignature()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Webhook]));
        receiver.Secret = sender.WebhookSecret;
        await AddRecipientAsync(h, receiver.Url + "/hooks");
        var distribution = await SendAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var call = Assert.Single(receiver.Calls);
        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None)).Single();
        Assert.True(call.Verified, $"signature {call.Signature} did not verify for {call.Id}.{call.Timestamp}.{call.Body}");
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal("msg_" + delivery.Id.ToString("N"), call.Id);
        Assert.Equal(h.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), call.Timestamp);
        Assert.Equal("{\"product\":\"Red shoes\",\"shopper\":\"shopper-0\"}", call.Body);
        Assert.Equal("application/json", call.ContentType);
    }

    [Fact]
    public async Task Dispatch_Webhook_WrongSecretIsRejectedByTheReceiverAndNotMarkedSent()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Webhook]));
        receiver.Secret = WebhookSigner.NewSecret(); // not the sender's
        await AddRecipientAsync(h, receiver.Url + "/hooks");
        var distribution = await SendAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        Assert.False(Assert.Single(receiver.Calls).Verified);
        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None)).Single();
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("The webhook answered 401.", delivery.LastError);
    }

    [Fact]
    public async Task Dispatch_WebhookAnswers503_RetriesWithTheSameWebhookId()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Webhook]));
        receiver.Secret = sender.WebhookSecret;
        receiver.FailFirst = 1;
        await AddRecipientAsync(h, receiver.Url + "/hooks");
        var distribution = await SendAsync(h, sender);
        var dispatcher = h.Get<DeliveryDispatcher>();

        await dispatcher.DispatchOnceAsync(None);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DispatchOnceAsync(None);

        var calls = receiver.Calls.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal(calls[0].Id, calls[1].Id);
        Assert.All(calls, c => Assert.True(c.Verified));
        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None)).Single();
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
    }

    internal static async Task AddRecipientAsync(ExchangeHarness h, string url)
    {
        var input = new RecipientInput("shopper-0", JsonDocument.Parse("{}").RootElement, new Contacts(WebhookUrl: url), new Dictionary<Channel, Consent>(), RecipientRules.Default);
        await h.Get<RecipientStore>().UpsertAsync(h.MerchantId, [input], None);
    }

    internal static async Task<Distribution> SendAsync(ExchangeHarness h, Sender sender)
    {
        var now = h.Time.GetUtcNow();
        var content = new DistributionContent(Webhook: new WebhookContent("{\"product\":\"{{ data.product }}\",\"shopper\":\"{{ recipient.externalId }}\"}"));
        using var data = JsonDocument.Parse("{\"product\":\"Red shoes\"}");
        var distribution = new Distribution(
            Guid.CreateVersion7(now), h.MerchantId, sender.Id, "api", "restock", content, new Audience(), data.RootElement.Clone(), null, "hook", Distribution.Matching, now, null);
        var (stored, _) = await h.Get<DistributionStore>().CreateAsync(distribution, None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, stored.Id, None);
        return stored;
    }

    /// <summary>What the receiver got, and whether its signature verified.</summary>
    private sealed record Call(string Id, string Timestamp, string Signature, string Body, string? ContentType, bool Verified);

    /// <summary>A webhook receiver in Kestrel on a free loopback port that verifies as the spec says and answers 401 when it does not.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _failures;

        private Receiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = string.Empty;

        public string Secret { get; set; } = string.Empty;

        public int FailFirst { get; set; }

        public ConcurrentQueue<Call> Calls { get; } = new();

        public static async Task<Receiver> StartAsync()
        {
            var app = LoopbackApp.Create();
            var receiver = new Receiver(app);
            app.MapPost("/hooks", receiver.ReceiveAsync);
            receiver.Url = await LoopbackApp.StartAsync(app);
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task<IResult> ReceiveAsync(HttpRequest request)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = request.Headers["webhook-timestamp"].ToString();
            var signature = request.Headers["webhook-signature"].ToString();
            var verified = Verify(Secret, id, timestamp, body, signature);
            Calls.Enqueue(new Call(id, timestamp, signature, body, request.ContentType?.Split(';')[0], verified));
            if (!verified)
            {
                return Results.Unauthorized();
            }

            return Interlocked.Increment(ref _failures) <= FailFirst ? Results.StatusCode(503) : Results.NoContent();
        }

        /// <summary>
        /// The spec's verification: key = base64-decode(secret without "whsec_"); expected = base64(HMAC-SHA256(key,
        /// "{id}.{timestamp}.{body}")); the header holds space-separated "v1,&lt;base64&gt;" entries, any one may match.
        /// </summary>
        private static bool Verify(string secret, string id, string timestamp, string body, string header)
        {
            if (id.Length == 0 || timestamp.Length == 0 || !secret.StartsWith("whsec_", StringComparison.Ordinal))
            {
                return false;
            }

            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
            foreach (var entry in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(',', 2);
                if (parts.Length == 2 && parts[0] == "v1" && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(parts[1]), expected))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
