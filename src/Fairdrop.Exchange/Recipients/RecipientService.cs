using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Recipients;

/// <summary>A recipient to create or replace, keyed by the merchant's external id; unset parts take their defaults.</summary>
public sealed record RecipientDraft(string? ExternalId, JsonElement? Attributes, Contacts? Contacts, IReadOnlyDictionary<Channel, Consent>? Consents, RecipientRules? Rules);

/// <summary>The merchant's recipients: upserted one at a time or in bulk, read, listed, and unsubscribed by signed link.</summary>
public sealed class RecipientService
{
    /// <summary>The most recipients one bulk upsert (or one distribution's audience by id) may name.</summary>
    public const int MaxBulk = 10_000;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private readonly RecipientStore _recipients;
    private readonly OutboundGuard _guard;
    private readonly UnsubscribeTokens _unsubscribeTokens;
    private readonly EngagementRecorder _engagement;

    internal RecipientService(RecipientStore recipients, OutboundGuard guard, UnsubscribeTokens unsubscribeTokens, EngagementRecorder engagement)
    {
        _recipients = recipients;
        _guard = guard;
        _unsubscribeTokens = unsubscribeTokens;
        _engagement = engagement;
    }

    public async Task<Result<Recipient>> UpsertAsync(Guid merchantId, RecipientDraft draft, CancellationToken cancellationToken)
    {
        if (!Validate(draft, string.Empty).TryGetValue(out var input, out var error))
        {
            return error;
        }

        var ids = await _recipients.UpsertAsync(merchantId, [input], cancellationToken);
        return await GetAsync(merchantId, ids[0], cancellationToken);
    }

    /// <summary>Creates or replaces up to <see cref="MaxBulk"/> recipients in one transaction; the ids come back in the order given.</summary>
    public async Task<Result<IReadOnlyList<Guid>>> UpsertManyAsync(Guid merchantId, IReadOnlyList<RecipientDraft?>? drafts, CancellationToken cancellationToken)
    {
        if (drafts is not { Count: > 0 and <= MaxBulk })
        {
            return Error.Validation("recipients", $"recipients must hold between 1 and {MaxBulk} entries.");
        }

        var inputs = new List<RecipientInput>(drafts.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            if (drafts[i] is not { } draft)
            {
                return Error.Validation($"recipients[{i}]", "A recipient cannot be null.");
            }

            if (!Validate(draft, $"recipients[{i}].").TryGetValue(out var input, out var error))
            {
                return error;
            }

            if (!seen.Add(input.ExternalId))
            {
                return Error.Validation($"recipients[{i}].externalId", $"externalId '{input.ExternalId}' appears twice.");
            }

            inputs.Add(input);
        }

        return Result<IReadOnlyList<Guid>>.Success(await _recipients.UpsertAsync(merchantId, inputs, cancellationToken));
    }

    public async Task<Result<Recipient>> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        await _recipients.GetAsync(merchantId, id, cancellationToken) is { } recipient ? recipient : Error.NotFound("The recipient");

    /// <summary>Recipients by id, after the cursor; the caller has checked the limit.</summary>
    public Task<IReadOnlyList<Recipient>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken) =>
        _recipients.ListAsync(merchantId, after, limit, cancellationToken);

    /// <summary>RFC 8058 one-click unsubscribe: the signed token names the recipient, whose email consent is withdrawn.</summary>
    public async Task<Result<bool>> UnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (!_unsubscribeTokens.TryRead(token, out var merchantId, out var recipientId)
            || !await _recipients.WithdrawConsentAsync(merchantId, recipientId, Channel.Email, cancellationToken))
        {
            return Error.NotFound("The subscription");
        }

        await _engagement.RecordForRecipientAsync(merchantId, recipientId, Channel.Email, EngagementKinds.Unsubscribed, null, "one-click", "unsubscribed:email", cancellationToken);
        return true;
    }

    private Result<RecipientInput> Validate(RecipientDraft draft, string prefix)
    {
        var attributes = draft.Attributes ?? EmptyObject;
        if (attributes.ValueKind != JsonValueKind.Object)
        {
            return Error.Validation(prefix + "attributes", "attributes must be a JSON object.");
        }

        var input = new RecipientInput(
            draft.ExternalId?.Trim() ?? string.Empty,
            attributes,
            draft.Contacts ?? Contacts.None,
            draft.Consents ?? new Dictionary<Channel, Consent>(),
            draft.Rules ?? RecipientRules.Default);
        return ContactValidation.Validate(input, prefix, _guard);
    }
}
