using System.Runtime.CompilerServices;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Templates;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>Renders a distribution's content for one recipient and channel, with their unsubscribe link.</summary>
internal sealed class MessageRenderer(TemplateRenderer templates, UnsubscribeTokens tokens, TrackingLinks tracking, IOptions<ExchangeOptions> options)
{
    /// <summary>
    /// Each loaded distribution's data converted once, not once per message (it was a tenth of the dispatcher's CPU in
    /// bench restock); keyed by the instance a dispatched batch loaded, so it goes with the batch.
    /// </summary>
    private readonly ConditionalWeakTable<Distribution, SharedData> _data = new();

    public async Task<OutboundMessage> RenderAsync(ClaimedDelivery delivery, Distribution distribution, Sender sender, Recipient recipient, Channel channel)
    {
        var unsubscribe = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/v1/exchange/unsubscribe/{tokens.Create(recipient.MerchantId, recipient.Id)}";
        var data = _data.GetValue(distribution, static d => new SharedData(TemplateRenderer.FromJson(d.Data)));
        var model = TemplateRenderer.Scope(
            new TemplateModel(
                new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["externalId"] = recipient.ExternalId,
                    ["email"] = recipient.Contacts.Email,
                    ["attributes"] = TemplateRenderer.FromJson(recipient.Attributes),
                },
                data.Value,
                unsubscribe),
            () => TemplateRenderer.FromJson(distribution.Data));
        var content = distribution.Content;
        var rendered = channel switch
        {
            Channel.Email when content.Email is { } email => new RenderedContent(
                Subject: await templates.RenderAsync(email.Subject, model),
                Html: tracking.RewriteHtml(await templates.RenderAsync(email.Html, model), delivery.Id),
                Text: await templates.RenderAsync(email.Text, model)),
            Channel.InApp when content.InApp is { } inApp => new RenderedContent(
                Title: await templates.RenderAsync(inApp.Title, model),
                Body: await templates.RenderAsync(inApp.Body, model),
                QuickReplies: inApp.QuickReplies),
            Channel.WebPush when content.WebPush is { } push => new RenderedContent(
                Title: await templates.RenderAsync(push.Title, model),
                Body: await templates.RenderAsync(push.Body, model),
                Url: push.Url is null ? null : await templates.RenderAsync(push.Url, model)),
            Channel.Sms when content.Sms is { } sms => new RenderedContent(Text: tracking.RewriteText(await templates.RenderAsync(sms.Text, model), delivery.Id)),
            Channel.Webhook when content.Webhook is { } webhook => new RenderedContent(WebhookBody: await templates.RenderAsync(webhook.Body, model)),
            _ => new RenderedContent(),
        };
        return new OutboundMessage(delivery.Id, delivery.MerchantId, sender, recipient, distribution.Topic, rendered, unsubscribe);
    }

    private sealed record SharedData(object? Value);
}
