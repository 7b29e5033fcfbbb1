using System.Data.Common;
using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Outbound;
using Fairdrop.Core.Text;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Exchange.Intake;

/// <summary>
/// The one way another module hands the exchange work that must commit with its own rows: every method runs on the
/// caller's connection inside the caller's write transaction, with the exchange's own stores, SQL and rules
/// (contacts checked and normalised by libphonenumber, rules by the exchange's validation). Rows handed over here
/// are the exchange's from then on: its dispatcher sends, retries, rate-limits and tracks them (docs/exchange.md, "Intake").
/// Planned deliveries go in bulk through <see cref="DeliveryBatch"/>; send times come from <see cref="SendTimePlanner"/>.
/// </summary>
public sealed class ExchangeIntake(IdGenerator ids, OutboundGuard guard)
{
    private static readonly JsonElement NoAttributes = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// One contact point checked and normalised as the exchange stores it: an email address (lower case), a phone
    /// number in E.164 (libphonenumber: any valid international form, spaces and dashes allowed), or an in-app user
    /// id; a validation error naming <paramref name="field"/> otherwise.
    /// </summary>
    public static Result<string> NormaliseContact(Channel channel, string? contact, string field)
    {
        var value = contact?.Trim() ?? string.Empty;
        return channel switch
        {
            Channel.Email => ContactValidation.IsEmail(value)
                ? value.ToLowerInvariant()
                : Error.Validation(field, $"'{contact}' is not an email address."),
            Channel.Sms => ContactValidation.ToE164(value) is { } e164
                ? e164
                : Error.Validation(field, $"'{contact}' is not a valid phone number in international (E.164) form such as +14155550100."),
            Channel.InApp => value.Length is > 0 and <= 200
                ? PlainText.Check(field, value) is { } refused ? refused : value
                : Error.Validation(field, "An in-app user id of 1 to 200 characters is required."),
            _ => Error.Validation(field, $"The intake takes email, SMS and in-app contacts, not {channel}."),
        };
    }

    /// <summary>Creates a sender of the merchant (its webhook secret generated here); returns its id.</summary>
    public async Task<Guid> CreateSenderAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, string name, string fromAddress, SenderRules rules, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sender = new Sender(ids.NewId(), merchantId, name, null, fromAddress, null, rules, WebhookSigner.NewSecret(), now, now);
        await SenderStore.InsertAsync(connection, transaction, sender, cancellationToken);
        return sender.Id;
    }

    /// <summary>
    /// Inserts or replaces the merchant's recipient with this external id, after the exchange's validation (contacts
    /// normalised: E.164 phones; zone known; caps sane); returns its id, or the validation error.
    /// </summary>
    public async Task<Result<Guid>> UpsertRecipientAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, IntakeRecipient recipient, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var validated = ContactValidation.Validate(
            new RecipientInput(recipient.ExternalId, NoAttributes, recipient.Contacts, recipient.Consents, recipient.Rules), string.Empty, guard);
        if (!validated.TryGetValue(out var input, out var error))
        {
            return error;
        }

        return await RecipientStore.UpsertAsync(connection, transaction, ids.NewId(), merchantId, input, now, cancellationToken);
    }

    /// <summary>
    /// Opens a distribution that its caller has already matched (status <c>matched</c>: the matcher never looks at
    /// it; its audience is the deliveries the caller enqueues), unless the merchant has one with the same idempotency
    /// key; returns the stored distribution's id either way.
    /// </summary>
    public async Task<Guid> OpenDistributionAsync(
        DbConnection connection, DbTransaction transaction, MatchedDistribution distribution, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The stored audience names nobody, so nothing else ever matches this distribution again.
        return await DistributionStore.OpenAsync(connection, transaction, new Distribution(
            ids.NewId(), distribution.MerchantId, distribution.SenderId, distribution.Source, distribution.Topic, distribution.Content,
            new Audience(ExternalIds: []), distribution.Data, null, distribution.IdempotencyKey, Distribution.Matched, now, now), cancellationToken);
    }

    /// <summary>
    /// Drops the merchant's deliveries among <paramref name="deliveryIds"/> that have not left yet (scheduled or
    /// waiting to retry) with <paramref name="reason"/>; one being sent goes. Returns how many were dropped.
    /// </summary>
    public static Task<int> DropPendingAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, IReadOnlyCollection<Guid> deliveryIds, string reason, CancellationToken cancellationToken) =>
        DeliveryStore.DropPendingAsync(connection, transaction, merchantId, deliveryIds, reason, cancellationToken);
}
