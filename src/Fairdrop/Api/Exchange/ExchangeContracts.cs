using System.Text.Json;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Api.Exchange;

/// <summary>Body of <c>POST /exchange/senders</c> and <c>PUT /exchange/senders/{id}</c>.</summary>
internal sealed record SenderRequest(string? Name, string? Brand, string? FromAddress, string? ReplyTo, SenderRules? Rules)
{
    public SenderDraft ToDraft() => new(Name, Brand, FromAddress, ReplyTo, Rules);
}

/// <summary>A sender as the API shows it; the webhook secret verifies the signatures of its webhooks.</summary>
internal sealed record SenderResponse(Guid Id, string Name, string? Brand, string FromAddress, string? ReplyTo, SenderRules Rules, string WebhookSecret, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SenderResponse From(Sender s) => new(s.Id, s.Name, s.Brand, s.FromAddress, s.ReplyTo, s.Rules, s.WebhookSecret, s.CreatedAt, s.UpdatedAt);
}

/// <summary>A recipient to create or replace, keyed by the merchant's external id.</summary>
internal sealed record RecipientRequest(string? ExternalId, JsonElement? Attributes, Contacts? Contacts, Dictionary<Channel, Consent>? Consents, RecipientRules? Rules)
{
    public RecipientDraft ToDraft() => new(ExternalId, Attributes, Contacts, Consents, Rules);
}

/// <summary>Body of <c>POST /exchange/recipients/bulk</c>.</summary>
internal sealed record BulkRecipientsRequest(List<RecipientRequest>? Recipients);

/// <summary>Result of a bulk upsert: the ids, in the order given.</summary>
internal sealed record BulkRecipientsResponse(int Count, IReadOnlyList<Guid> Ids);

/// <summary>A recipient as the API shows it.</summary>
internal sealed record RecipientResponse(Guid Id, string ExternalId, JsonElement Attributes, Contacts Contacts, IReadOnlyDictionary<Channel, Consent> Consents, RecipientRules Rules, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static RecipientResponse From(Recipient r) => new(r.Id, r.ExternalId, r.Attributes, r.Contacts, r.Consents, r.Rules, r.CreatedAt, r.UpdatedAt);
}

/// <summary>Body of <c>POST /exchange/distributions</c>; the key may also come as the <c>Idempotency-Key</c> header.</summary>
internal sealed record DistributionRequest(
    Guid? SenderId, string? Source, string? Topic, DistributionContent? Content, Audience? Audience, JsonElement? Data, DateTimeOffset? Deadline, string? IdempotencyKey, DeliveryMode? Delivery = null)
{
    public DistributionDraft ToDraft(string? idempotencyHeader) => new(SenderId, Source, Topic, Content, Audience, Data, Deadline, IdempotencyKey ?? idempotencyHeader, Delivery);
}

/// <summary>A distribution as the API shows it.</summary>
internal sealed record DistributionResponse(
    Guid Id, Guid SenderId, string Source, string? Topic, DistributionContent Content, Audience Audience, DateTimeOffset? Deadline, string IdempotencyKey, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? MatchedAt, DeliveryMode? Delivery)
{
    public static DistributionResponse From(Distribution d) => new(d.Id, d.SenderId, d.Source, d.Topic, d.Content, d.Audience, d.Deadline, d.IdempotencyKey, d.Status, d.CreatedAt, d.MatchedAt, d.Delivery);
}
