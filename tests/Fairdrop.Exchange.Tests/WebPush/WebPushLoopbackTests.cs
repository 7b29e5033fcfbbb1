using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Tests.Support;
using Fairdrop.Testing;
using Fairdrop.Testing.WebPush;

namespace Fairdrop.Exchange.Tests.WebPush;

/// <summary>
/// Web push over real HTTP to a push service in Kestrel on loopback that verifies VAPID and decrypts with the
/// subscriber's private key: payload sizes, headers, 404/410 removal, 5xx retries, and a distribution end to end.
/// </summary>
public sealed class WebPushLoopbackTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> Payloads => new()
    {
        string.Empty,
        "x",
        "{\"title\":\"Back in stock\"}",
        "Grüße, 靴が入荷しました 👟 — ¡ya está aquí!",
        new string('a', 3992),
        new string('z', WebPushEncryptor.MaxPlaintextLength),
        string.Concat(Enumerable.Repeat("€", WebPushEncryptor.MaxPlaintextLength / 3)),
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Send_Payload_PushServiceVerifiesVapidAndDecryptsByteExact(string text)
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var service = await PushService.StartAsync(h.Time);
        service.ExpectedVapidKey = (await h.Get<VapidKeySource>().GetKeysAsync(None)).PublicKeyText;
        var (endpoint, subscriber) = service.Subscribe();
        var payload = Encoding.UTF8.GetBytes(text);

        var attempt = await h.Get<WebPushSender>().SendAsync(new PushMessage(endpoint, subscriber.P256dh, subscriber.AuthText, payload, "topic1", "low", TimeSpan.FromMinutes(5)), None);

        var received = Assert.Single(service.Received);
        Assert.Equal(SendResult.Sent, attempt.Outcome.Result);
        Assert.Equal(service.Origin, received.VapidAudience);
        Assert.Equal(payload, received.Plaintext);
        Assert.Equal(("aes128gcm", "300", "low", "topic1"), (received.ContentEncoding, received.Ttl, received.Urgency, received.Topic));
        Assert.True(received.BodyLength <= 4096);
    }

    [Fact]
    public async Task Send_ManyRandomPayloads_AllDecryptByteExactWithOneVapidSignature()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var service = await PushService.StartAsync(h.Time);
        var (endpoint, subscriber) = service.Subscribe();
        var sender = h.Get<WebPushSender>();
        var sizes = Enumerable.Range(0, 40).Select(i => i * 100).Append(WebPushEncryptor.MaxPlaintextLength).ToArray();
        var payloads = sizes.Select(RandomNumberGenerator.GetBytes).ToArray();

        foreach (var payload in payloads)
        {
            await sender.SendAsync(new PushMessage(endpoint, subscriber.P256dh, subscriber.AuthText, payload, "t", "normal", TimeSpan.FromDays(1)), None);
        }

        Assert.Equal(payloads, service.Received.Select(r => r.Plaintext));
        Assert.All(service.Received, r => Assert.Equal(service.Origin, r.VapidAudience));
        Assert.Equal(1, (await h.Get<VapidKeySource>().GetTokensAsync(None)).Signed);
    }

    [Theory]
    [InlineData(400, SendResult.Permanent)]
    [InlineData(413, SendResult.Permanent)]
    [InlineData(429, SendResult.Transient)]
    [InlineData(500, SendResult.Transient)]
    [InlineData(503, SendResult.Transient)]
    public async Task Send_PushServiceStatus_MapsToOutcome(int status, SendResult expected)
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var service = await PushService.StartAsync(h.Time);
        service.Answers.Enqueue(status);
        var (endpoint, subscriber) = service.Subscribe();

        var attempt = await h.Get<WebPushSender>().SendAsync(new PushMessage(endpoint, subscriber.P256dh, subscriber.AuthText, "hi"u8.ToArray(), "t", "normal", TimeSpan.FromDays(1)), None);

        Assert.Equal(expected, attempt.Outcome.Result);
        Assert.False(attempt.Gone);
    }

    [Fact]
    public async Task Send_NothingListening_Transient()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        using var subscriber = new PushSubscriber();

        var attempt = await h.Get<WebPushSender>().SendAsync(new PushMessage("http://127.0.0.1:1/push/x", subscriber.P256dh, subscriber.AuthText, "hi"u8.ToArray(), "t", "normal", TimeSpan.FromDays(1)), None);

        Assert.Equal(SendResult.Transient, attempt.Outcome.Result);
        Assert.Equal("The push service could not be reached: connection failed.", attempt.Outcome.Error);
    }

    [Fact]
    public async Task Send_HttpLoopbackEndpointNotAllowListed_PermanentInFairdropWordsAndServiceGetsNothing()
    {
        await using var h = await ExchangeHarness.CreateAsync();
        await using var service = await PushService.StartAsync(h.Time);
        var (endpoint, subscriber) = service.Subscribe();

        var attempt = await h.Get<WebPushSender>().SendAsync(new PushMessage(endpoint, subscriber.P256dh, subscriber.AuthText, "hi"u8.ToArray(), "t", "normal", TimeSpan.FromDays(1)), None);

        Assert.Equal(SendResult.Permanent, attempt.Outcome.Result);
        Assert.Equal("The push message was not sent: destination refused: 127.0.0.1 is a loopback address.", attempt.Outcome.Error);
        Assert.Empty(service.Received);
    }

    [Fact]
    public async Task Send_PushServiceRedirects_NotFollowedAndPermanent()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var target = await CountingListener.StartAsync();
        await using var redirecting = await CountingListener.StartAsync(redirectTo: target.Url + "/push/x");
        using var subscriber = new PushSubscriber();

        var attempt = await h.Get<WebPushSender>().SendAsync(new PushMessage(redirecting.Url + "/push/x", subscriber.P256dh, subscriber.AuthText, "hi"u8.ToArray(), "t", "normal", TimeSpan.FromDays(1)), None);

        Assert.Equal((SendResult.Permanent, "The push service answered 302; redirects are not followed."), (attempt.Outcome.Result, attempt.Outcome.Error));
        Assert.Equal((1, 0), (redirecting.Requests, target.Requests));
    }

    [Fact]
    public async Task Dispatch_RecipientPrefersWebPush_PushReachesTheBrowserAndDecrypts()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var service = await PushService.StartAsync(h.Time);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Email, Channel.WebPush], Critical: true));
        var recipient = await WebPushSubscriptionStoreContract.AddRecipientAsync(h, "shopper-7", new RecipientRules(ChannelPreference: [Channel.WebPush]));
        await SubscribeAsync(h, service, recipient, "phone");
        var distribution = await DistributeAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var delivery = await SingleDeliveryAsync(h, distribution);
        var received = Assert.Single(service.Received);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal("web_push", delivery.Channel);
        using var json = JsonDocument.Parse(received.Plaintext!);
        Assert.Equal(delivery.Id.ToString(), json.RootElement.GetProperty("deliveryId").GetString());
        Assert.Equal("Red shoes are back", json.RootElement.GetProperty("title").GetString());
        Assert.Equal("Hi shopper-7, size 42 is waiting.", json.RootElement.GetProperty("body").GetString());
        Assert.Equal("https://shop.example/p/red-shoes", json.RootElement.GetProperty("url").GetString());
        Assert.Equal(("high", delivery.Id.ToString("N")), (received.Urgency, received.Topic));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Dispatch_SubscriptionGone_RemovedAndNextNewestDeviceGetsIt(int status)
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var service = await PushService.StartAsync(h.Time);
        var (sender, recipient) = await PushOnlyRecipientAsync(h);
        var store = h.Get<WebPushSubscriptionStore>();
        var oldest = await SubscribeAsync(h, service, recipient, "laptop");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var newest = await SubscribeAsync(h, service, recipient, "phone");
        service.Answers.Enqueue(status);
        var distribution = await DistributeAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        Assert.Equal(DeliveryStatus.Sent, (await SingleDeliveryAsync(h, distribution)).Status);
        var remaining = Assert.Single(await store.ListAsync(h.MerchantId, recipient, None));
        Assert.Equal(oldest.Id, remaining.Id);
        var calls = service.Received.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.EndsWith(calls[0].SubscriptionId, newest.Endpoint, StringComparison.Ordinal);
        Assert.EndsWith(calls[1].SubscriptionId, oldest.Endpoint, StringComparison.Ordinal);
        Assert.NotNull(calls[1].Plaintext);
    }

    [Fact]
    public async Task Dispatch_OnlySubscriptionGone_RemovedAndPermanentFailure()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var service = await PushService.StartAsync(h.Time);
        var (sender, recipient) = await PushOnlyRecipientAsync(h);
        await SubscribeAsync(h, service, recipient);
        service.Answers.Enqueue(410);
        var distribution = await DistributeAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var delivery = await SingleDeliveryAsync(h, distribution);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Contains("404/410", delivery.LastError, StringComparison.Ordinal);
        Assert.Empty(await h.Get<WebPushSubscriptionStore>().ListAsync(h.MerchantId, recipient, None));
    }

    [Fact]
    public async Task Dispatch_PushService503ThenAccepts_RetriedOnceWithTheSameTopicAndDeliveryId()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        await using var service = await PushService.StartAsync(h.Time);
        var (sender, recipient) = await PushOnlyRecipientAsync(h);
        await SubscribeAsync(h, service, recipient);
        service.Answers.Enqueue(503);
        var distribution = await DistributeAsync(h, sender);
        var dispatcher = h.Get<DeliveryDispatcher>();

        await dispatcher.DispatchOnceAsync(None);
        var retrying = await SingleDeliveryAsync(h, distribution);
        await dispatcher.DispatchOnceAsync(None);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DispatchOnceAsync(None);
        await dispatcher.DispatchOnceAsync(None);

        var delivery = await SingleDeliveryAsync(h, distribution);
        var calls = service.Received.ToArray();
        Assert.Equal(DeliveryStatus.Retrying, retrying.Status);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(2, calls.Length);
        Assert.Equal(calls[0].Topic, calls[1].Topic);
        Assert.Equal(calls[0].Plaintext, calls[1].Plaintext);
    }

    [Fact]
    public async Task Dispatch_PushServiceKeepsFailing_NeverMoreRequestsThanMaxAttemptsThenDead()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: new Dictionary<string, string?>(ExchangeHarness.AllowLoopback()) { ["Fairdrop:Exchange:MaxAttempts"] = "3" });
        await using var service = await PushService.StartAsync(h.Time);
        var (sender, recipient) = await PushOnlyRecipientAsync(h);
        await SubscribeAsync(h, service, recipient);
        for (var i = 0; i < 10; i++)
        {
            service.Answers.Enqueue(503);
        }

        var distribution = await DistributeAsync(h, sender);
        var dispatcher = h.Get<DeliveryDispatcher>();
        for (var round = 0; round < 8; round++)
        {
            await dispatcher.DispatchOnceAsync(None);
            h.Time.Advance(TimeSpan.FromHours(1));
        }

        var delivery = await SingleDeliveryAsync(h, distribution);
        Assert.Equal(DeliveryStatus.Dead, delivery.Status);
        Assert.Equal(3, service.Received.Count);
        Assert.Single(service.Received.Select(r => r.Topic).Distinct());
    }

    private static async Task<(Sender Sender, Guid Recipient)> PushOnlyRecipientAsync(ExchangeHarness h) =>
        (await h.AddSenderAsync(new SenderRules([Channel.WebPush])), await WebPushSubscriptionStoreContract.AddRecipientAsync(h, "shopper-7"));

    /// <summary>A new browser subscription on the push service, stored for the recipient.</summary>
    private static async Task<StoredWebPushSubscription> SubscribeAsync(ExchangeHarness h, PushService service, Guid recipient, string? device = null)
    {
        var (endpoint, subscriber) = service.Subscribe();
        var stored = await h.Get<WebPushSubscriptionStore>().AddAsync(h.MerchantId, recipient, new WebPushSubscription(endpoint, subscriber.P256dh, subscriber.AuthText, device), None);
        return stored!;
    }

    private static async Task<Distribution> DistributeAsync(ExchangeHarness h, Sender sender)
    {
        var now = h.Time.GetUtcNow();
        var content = new DistributionContent(
            Email: new EmailContent("Back", "<p>Back</p>", "Back"),
            WebPush: new WebPushContent("{{ data.product }} are back", "Hi {{ recipient.externalId }}, size {{ data.size }} is waiting.", "https://shop.example/p/{{ data.slug }}"));
        using var data = JsonDocument.Parse("{\"product\":\"Red shoes\",\"size\":42,\"slug\":\"red-shoes\"}");
        var distribution = new Distribution(
            Guid.CreateVersion7(now), h.MerchantId, sender.Id, "api", "restock", content, new Audience(), data.RootElement.Clone(), null, "push", Distribution.Matching, now, null);
        var (stored, _) = await h.Get<DistributionStore>().CreateAsync(distribution, None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, stored.Id, None);
        return stored;
    }

    private static async Task<Delivery> SingleDeliveryAsync(ExchangeHarness h, Distribution distribution) =>
        Assert.Single(await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None));
}
