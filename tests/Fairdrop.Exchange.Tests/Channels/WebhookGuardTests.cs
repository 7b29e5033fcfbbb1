using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;
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

namespace Fairdrop.Exchange.Tests.Channels;

/// <summary>
/// Issue 17, finding 2: a webhook URL is the merchant's to aim, so it may not reach loopback or private listeners
/// unless the operator allow-listed them, redirects are not followed, and what a delivery records is Fairdrop's words.
/// </summary>
public sealed class WebhookGuardTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Validate_WebhookUrlAtALoopbackListener_ForbiddenDestinationUnlessAllowListed()
    {
        await using var listener = await CountingListener.StartAsync();
        var input = Input(listener.Url + "/hooks");

        var refused = ContactValidation.Validate(input, string.Empty, Guards.Create());
        var allowed = ContactValidation.Validate(input, string.Empty, Guards.Create("127.0.0.1"));

        Assert.Equal((ErrorCodes.ForbiddenDestination, "contacts.webhookUrl"), (refused.Error?.Code, refused.Error?.Field));
        Assert.Contains("127.0.0.1 is a loopback address", refused.Error!.Message, StringComparison.Ordinal);
        Assert.True(allowed.IsSuccess);
    }

    [Fact]
    public async Task Dispatch_StoredUrlAtLoopbackNoLongerAllowListed_FailsInFairdropWordsAndListenerGetsNothing()
    {
        // Saved while the operator allow-listed 127.0.0.1 (the store does not validate; the API did), sent after it was removed.
        await using var listener = await CountingListener.StartAsync();
        await using var h = await ExchangeHarness.CreateAsync();
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Webhook]));
        await WebhookSignatureTests.AddRecipientAsync(h, listener.Url + "/hooks");
        var distribution = await WebhookSignatureTests.SendAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var delivery = await SingleDeliveryAsync(h, distribution);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("The webhook was not sent: destination refused: 127.0.0.1 is a loopback address.", delivery.LastError);
        Assert.Equal(0, listener.Requests);
    }

    [Theory]
    [InlineData(WebhookChannel.ClientName)]
    [InlineData(WebPushSender.ClientName)]
    public async Task NamedClient_AimedAtLoopback_RefusedByTheGuardBeforeConnecting(string client)
    {
        await using var listener = await CountingListener.StartAsync();
        await using var h = await ExchangeHarness.CreateAsync();

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => h.Get<IHttpClientFactory>().CreateClient(client).PostAsync(listener.Url + "/hooks", null));

        Assert.Equal("destination refused: 127.0.0.1 is a loopback address", OutboundFailure.Describe(exception));
        Assert.Equal(0, listener.Requests);
    }

    [Fact]
    public async Task Dispatch_AllowListedWebhookRedirectsToLoopback_RedirectNotFollowed()
    {
        await using var target = await CountingListener.StartAsync();
        await using var redirecting = await CountingListener.StartAsync(redirectTo: target.Url + "/internal");
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Webhook]));
        await WebhookSignatureTests.AddRecipientAsync(h, redirecting.Url + "/hooks");
        var distribution = await WebhookSignatureTests.SendAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var delivery = await SingleDeliveryAsync(h, distribution);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("The webhook answered 302; redirects are not followed.", delivery.LastError);
        Assert.Equal((1, 0), (redirecting.Requests, target.Requests));
    }

    [Fact]
    public async Task Dispatch_NothingListening_LastErrorIsFairdropsWordsNotTheSocketsText()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: ExchangeHarness.AllowLoopback());
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Webhook]));
        await WebhookSignatureTests.AddRecipientAsync(h, "http://127.0.0.1:1/hooks");
        var distribution = await WebhookSignatureTests.SendAsync(h, sender);

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var delivery = await SingleDeliveryAsync(h, distribution);
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal("The webhook could not be reached: connection failed.", delivery.LastError);
    }

    private static RecipientInput Input(string url) =>
        new("shopper-0", JsonDocument.Parse("{}").RootElement, new Contacts(WebhookUrl: url), new Dictionary<Channel, Consent>(), RecipientRules.Default);

    private static async Task<Delivery> SingleDeliveryAsync(ExchangeHarness h, Distribution distribution) =>
        Assert.Single(await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None));
}
