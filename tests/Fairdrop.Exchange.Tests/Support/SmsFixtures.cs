using Fairdrop.Testing;
using System.Text.Json;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>SMS recipients, distributions and messages for the SMS, engagement and inbound tests.</summary>
internal static class SmsFixtures
{
    public const string Phone = "+16502530000";

    public static SmsChannel SmsChannelOf(ExchangeHarness h) => h.Services.GetServices<IChannel>().OfType<SmsChannel>().Single();

    public static async Task<Guid> AddRecipientAsync(ExchangeHarness h, string externalId, string phone = Phone, string? inAppUserId = null)
    {
        var consent = new Consent("web_form", "Texts about drops", h.Time.GetUtcNow());
        var input = new RecipientInput(
            externalId,
            JsonDocument.Parse("{}").RootElement,
            new Contacts(Phone: phone, InAppUserId: inAppUserId),
            new Dictionary<Channel, Consent> { [Fairdrop.Exchange.Matching.Channel.Sms] = consent, [Fairdrop.Exchange.Matching.Channel.InApp] = consent },
            RecipientRules.Default);
        return (await h.Get<RecipientStore>().UpsertAsync(h.MerchantId, [input], CancellationToken.None))[0];
    }

    public static async Task<Distribution> DistributeAsync(ExchangeHarness h, Sender sender, string key, string text = "{{ data.product }} is back: https://shop.example/p/1")
    {
        var now = h.Time.GetUtcNow();
        using var data = JsonDocument.Parse("{\"product\":\"Red shoes\"}");
        var content = new DistributionContent(Sms: new SmsContent(text), InApp: new InAppContent("{{ data.product }}", "Back now"));
        var distribution = new Distribution(Guid.CreateVersion7(now), h.MerchantId, sender.Id, "api", "restock", content, new Audience(), data.RootElement.Clone(), null, key, Distribution.Matching, now, null);
        var (stored, _) = await h.Get<DistributionStore>().CreateAsync(distribution, CancellationToken.None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, stored.Id, CancellationToken.None);
        return stored;
    }

    public static async Task<OutboundMessage> MessageAsync(ExchangeHarness h, string to, string text = "Red shoes are back")
    {
        var sender = await h.AddSenderAsync(new SenderRules([Fairdrop.Exchange.Matching.Channel.Sms]));
        var now = h.Time.GetUtcNow();
        var recipient = new Recipient(Guid.NewGuid(), h.MerchantId, "r", JsonDocument.Parse("{}").RootElement, new Contacts(Phone: to), new Dictionary<Channel, Consent>(), RecipientRules.Default, now, now);
        return new OutboundMessage(Guid.NewGuid(), h.MerchantId, sender, recipient, null, new RenderedContent(Text: text), null);
    }
}
