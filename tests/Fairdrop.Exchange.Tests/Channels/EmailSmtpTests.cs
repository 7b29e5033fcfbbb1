using System.Text.Json;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Tests.Support;
using MimeKit;

namespace Fairdrop.Exchange.Tests.Channels;

/// <summary>The email channel through MailKit to a real SMTP server on loopback (aiosmtpd), asserted on the stored Maildir file.</summary>
public sealed class EmailSmtpTests
{
    private const string BaseUrl = "https://shop.fairdrop.test";
    private static readonly CancellationToken None = CancellationToken.None;

    [SkippableFact]
    public async Task Dispatch_EmailDistribution_ArrivesWithHeadersOneClickUnsubscribeAndBothParts()
    {
        var smtp = SmtpServer.FromEnvironment();
        await using var h = await CreateHarnessAsync(smtp);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Email], ConsentRequired: [Channel.Email]));
        var address = $"{Guid.NewGuid():N}@shoppers.test";
        var recipientId = (await AddRecipientsAsync(h, [address])).Single();
        var distribution = await SendAsync(h, sender, "Red shoes");

        var dispatched = await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        Assert.Equal(1, dispatched);
        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None)).Single();
        Assert.True(delivery.Status == DeliveryStatus.Sent, $"delivery is {delivery.Status}: {delivery.LastError}");
        var mail = Assert.Single(await smtp.WaitForAsync(delivery.Id.ToString("N"), 1, TimeSpan.FromSeconds(10)));

        var from = Assert.IsType<MailboxAddress>(Assert.Single(mail.From));
        Assert.Equal("news@shop.example", from.Address);
        Assert.Equal("Shop brand", from.Name);
        Assert.Equal("help@shop.example", Assert.IsType<MailboxAddress>(Assert.Single(mail.ReplyTo)).Address);
        Assert.Equal(address, Assert.IsType<MailboxAddress>(Assert.Single(mail.To)).Address);
        Assert.Equal("Back in stock: Red shoes", mail.Subject);
        Assert.Equal($"{delivery.Id:N}@mail.fairdrop.test", mail.MessageId);
        Assert.Equal(delivery.ProviderId, mail.MessageId);

        var listUnsubscribe = mail.Headers["List-Unsubscribe"] ?? string.Empty;
        Assert.StartsWith($"<{BaseUrl}/api/v1/exchange/unsubscribe/", listUnsubscribe, StringComparison.Ordinal);
        Assert.EndsWith(">", listUnsubscribe, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var token = listUnsubscribe[(listUnsubscribe.LastIndexOf('/') + 1)..^1];
        Assert.True(h.Get<UnsubscribeTokens>().TryRead(token, out var merchantId, out var readRecipient));
        Assert.Equal((h.MerchantId, recipientId), (merchantId, readRecipient));

        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(2, alternative.Count);
        Assert.Equal("Hi shopper-0, Red shoes are back. Unsubscribe: " + listUnsubscribe[1..^1], mail.TextBody?.Trim());
        // The open-tracking pixel follows the rendered HTML (docs/exchange.md, Tracking).
        var html = mail.HtmlBody?.Trim() ?? string.Empty;
        Assert.StartsWith("<p>Hi <b>shopper-0</b>, Red shoes are back.</p><img src=\"" + BaseUrl + "/api/v1/exchange/o/", html, StringComparison.Ordinal);
        Assert.EndsWith("\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\" />", html, StringComparison.Ordinal);
        Assert.Contains(alternative, part => part.ContentType.MimeType == "text/plain");
        Assert.Contains(alternative, part => part.ContentType.MimeType == "text/html");
    }

    [SkippableFact]
    public async Task Dispatch_SeveralEmails_ReuseAtMostThePoolsConnections()
    {
        var smtp = SmtpServer.FromEnvironment();
        await using var h = await CreateHarnessAsync(smtp);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Email], ConsentRequired: [Channel.Email]));
        var marker = Guid.NewGuid().ToString("N");
        await AddRecipientsAsync(h, [.. Enumerable.Range(0, 12).Select(i => $"r{i}.{marker}@shoppers.test")]);
        await SendAsync(h, sender, "Blue socks");

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        // Sent eight at a time (DispatchConcurrency) over the pool's connections, never one connection a message.
        Assert.Equal(12, (await smtp.WaitForAsync(marker, 12, TimeSpan.FromSeconds(10))).Count);
        Assert.InRange(h.Get<SmtpConnection>().Connects, 1, new SmtpOptions().Connections);
    }

    [SkippableFact]
    public async Task Send_ServerUnreachable_IsTransientNotAnException()
    {
        var smtp = SmtpServer.FromEnvironment() with { Port = Fairdrop.Testing.FairdropProcess.FreePort() };
        await using var h = await CreateHarnessAsync(smtp);
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Email], ConsentRequired: [Channel.Email]));
        await AddRecipientsAsync(h, ["nobody@shoppers.test"]);
        var distribution = await SendAsync(h, sender, "Hats");

        await h.Get<DeliveryDispatcher>().DispatchOnceAsync(None);

        var delivery = (await h.Get<DeliveryStore>().ListAsync(h.MerchantId, new DeliveryFilter(distribution.Id), null, 10, None)).Single();
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Contains("SMTP failed", delivery.LastError, StringComparison.Ordinal);
    }

    private static Task<ExchangeHarness> CreateHarnessAsync(SmtpServer smtp)
    {
        var settings = smtp.Settings;
        settings["Fairdrop:Exchange:Smtp:MessageIdDomain"] = "mail.fairdrop.test";
        settings["Fairdrop:Exchange:PublicBaseUrl"] = BaseUrl;
        return ExchangeHarness.CreateAsync(settings: settings);
    }

    private static async Task<IReadOnlyList<Guid>> AddRecipientsAsync(ExchangeHarness h, IReadOnlyList<string> emails)
    {
        var consent = new Consent("checkout", "Email me when it is back", h.Time.GetUtcNow());
        var inputs = emails.Select((email, i) => new RecipientInput(
            $"shopper-{i}",
            JsonDocument.Parse("{}").RootElement,
            new Contacts(Email: email),
            new Dictionary<Channel, Consent> { [Channel.Email] = consent },
            RecipientRules.Default)).ToList();
        return await h.Get<RecipientStore>().UpsertAsync(h.MerchantId, inputs, None);
    }

    private static async Task<Distribution> SendAsync(ExchangeHarness h, Sender sender, string product)
    {
        var now = h.Time.GetUtcNow();
        var content = new DistributionContent(Email: new EmailContent(
            "Back in stock: {{ data.product }}",
            "<p>Hi <b>{{ recipient.externalId }}</b>, {{ data.product }} are back.</p>",
            "Hi {{ recipient.externalId }}, {{ data.product }} are back. Unsubscribe: {{ unsubscribe_url }}"));
        using var data = JsonDocument.Parse(JsonSerializer.Serialize(new { product }));
        var distribution = new Distribution(
            Guid.CreateVersion7(now), h.MerchantId, sender.Id, "api", "restock", content, new Audience(), data.RootElement.Clone(), null, product, Distribution.Matching, now, null);
        var (stored, _) = await h.Get<DistributionStore>().CreateAsync(distribution, None);
        await h.Get<DistributionMatchRunner>().RunAsync(h.MerchantId, stored.Id, None);
        return stored;
    }
}
