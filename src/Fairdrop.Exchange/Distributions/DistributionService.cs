using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Text;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Templates;

namespace Fairdrop.Exchange.Distributions;

/// <summary>A distribution to send; the idempotency key makes a retry return the first one; Delivery (optional) overrides the sender's delivery mode.</summary>
public sealed record DistributionDraft(
    Guid? SenderId, string? Source, string? Topic, DistributionContent? Content, Audience? Audience, JsonElement? Data, DateTimeOffset? Deadline, string? IdempotencyKey,
    DeliveryMode? Delivery = null);

/// <summary>The stored distribution, and whether this call created it (false: an earlier call with the same key did).</summary>
public sealed record DistributionAccepted(Distribution Distribution, bool Created);

/// <summary>Distributions sent through the API: checked, stored for matching, read, listed, and their funnel.</summary>
public sealed class DistributionService
{
    private static readonly string[] Sources = ["api", "restock", "series", "campaign"];
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private readonly DistributionStore _distributions;
    private readonly SenderStore _senders;
    private readonly DeliveryStore _deliveries;
    private readonly TemplateRenderer _templates;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal DistributionService(
        DistributionStore distributions, SenderStore senders, DeliveryStore deliveries, TemplateRenderer templates, IdGenerator ids, TimeProvider time)
    {
        _distributions = distributions;
        _senders = senders;
        _deliveries = deliveries;
        _templates = templates;
        _ids = ids;
        _time = time;
    }

    public async Task<Result<DistributionAccepted>> CreateAsync(Guid merchantId, DistributionDraft draft, CancellationToken cancellationToken)
    {
        var key = draft.IdempotencyKey;
        if (key is { Length: 0 or > 200 })
        {
            return Error.Validation("idempotencyKey", "idempotencyKey must have 1 to 200 characters.");
        }

        if ((PlainText.Check("idempotencyKey", key) ?? PlainText.Check("topic", draft.Topic)) is { } notPlain)
        {
            return notPlain;
        }

        var source = draft.Source ?? "api";
        if (!Sources.Contains(source, StringComparer.Ordinal))
        {
            return Error.Validation("source", $"source must be one of {string.Join(", ", Sources)}.");
        }

        if (draft.SenderId is not { } senderId || await _senders.GetAsync(merchantId, senderId, cancellationToken) is null)
        {
            return Error.Validation("senderId", "senderId must name one of the merchant's senders.");
        }

        if (ContentValidation.Validate(draft.Content, _templates) is { } invalid)
        {
            return invalid;
        }

        if (draft.Audience?.ExternalIds is { Count: > RecipientService.MaxBulk })
        {
            return Error.Validation("audience.externalIds", $"At most {RecipientService.MaxBulk} external ids; use a filter for more.");
        }

        var now = _time.GetUtcNow();
        if (draft.Deadline is { } deadline && deadline <= now)
        {
            return Error.Validation("deadline", "deadline must be in the future.");
        }

        var id = _ids.NewId();
        var distribution = new Distribution(
            id, merchantId, senderId, source, draft.Topic, draft.Content!, draft.Audience ?? new Audience(), draft.Data ?? EmptyObject,
            draft.Deadline, key ?? id.ToString(), Distribution.Matching, now, null, draft.Delivery);
        var (stored, created) = await _distributions.CreateAsync(distribution, cancellationToken);
        return new DistributionAccepted(stored, created);
    }

    public async Task<Result<Distribution>> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        await _distributions.GetAsync(merchantId, id, cancellationToken) is { } distribution ? distribution : Error.NotFound("The distribution");

    /// <summary>Distributions by id, after the cursor; the caller has checked the limit.</summary>
    public Task<IReadOnlyList<Distribution>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken) =>
        _distributions.ListAsync(merchantId, after, limit, cancellationToken);

    /// <summary>Matched, dropped by reason, sent, failed: counted from the deliveries themselves.</summary>
    public async Task<Result<Funnel>> FunnelAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        if (await _distributions.GetAsync(merchantId, id, cancellationToken) is null)
        {
            return Error.NotFound("The distribution");
        }

        return await _deliveries.FunnelAsync(merchantId, id, cancellationToken);
    }
}
