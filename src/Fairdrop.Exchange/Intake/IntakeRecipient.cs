using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;

namespace Fairdrop.Exchange.Intake;

/// <summary>A recipient handed to the exchange by another module: its external id, contacts, consents per channel and rules.</summary>
public sealed record IntakeRecipient(string ExternalId, Contacts Contacts, IReadOnlyDictionary<Channel, Consent> Consents, RecipientRules Rules);
