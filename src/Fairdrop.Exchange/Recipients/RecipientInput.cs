using System.Text.Json;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Recipients;

/// <summary>A validated recipient to upsert: contacts normalised (E.164 phone), zone known.</summary>
internal sealed record RecipientInput(
    string ExternalId,
    JsonElement Attributes,
    Contacts Contacts,
    IReadOnlyDictionary<Channel, Consent> Consents,
    RecipientRules Rules);
