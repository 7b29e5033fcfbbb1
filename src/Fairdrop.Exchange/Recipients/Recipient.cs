using System.Text.Json;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Recipients;

/// <summary>One of a merchant's shoppers, known by the merchant's own external id.</summary>
public sealed record Recipient(
    Guid Id,
    Guid MerchantId,
    string ExternalId,
    JsonElement Attributes,
    Contacts Contacts,
    IReadOnlyDictionary<Channel, Consent> Consents,
    RecipientRules Rules,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long WebPushDevices = 0);
