using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Deliveries;

/// <summary>The merchant's deliveries: listed by filter, and the operator's answer to an uncertain one.</summary>
public sealed class DeliveryService
{
    private readonly DeliveryStore _deliveries;
    private readonly TimeProvider _time;

    internal DeliveryService(DeliveryStore deliveries, TimeProvider time)
    {
        _deliveries = deliveries;
        _time = time;
    }

    /// <summary>Deliveries by id, after the cursor, filtered; the caller has checked the limit.</summary>
    public async Task<Result<IReadOnlyList<Delivery>>> ListAsync(Guid merchantId, DeliveryFilter filter, Guid? after, int limit, CancellationToken cancellationToken)
    {
        if (filter.Status is { } status && !DeliveryStatus.All.Contains(status, StringComparer.Ordinal))
        {
            return Error.Validation("status", $"status must be one of {string.Join(", ", DeliveryStatus.All)}.");
        }

        if (filter.Channel is { } channel && !ChannelNames.TryParse(channel, out _))
        {
            return Error.Validation("channel", ChannelNames.Expected);
        }

        return Result<IReadOnlyList<Delivery>>.Success(await _deliveries.ListAsync(merchantId, filter, after, limit, cancellationToken));
    }

    /// <summary>
    /// Sends an uncertain delivery (held after a crash) again with its same identity, or drops it. Not found when the
    /// merchant has no such delivery; a conflict when it is not uncertain (any more).
    /// </summary>
    public async Task<Result<bool>> ResolveUncertainAsync(Guid merchantId, Guid id, bool resend, CancellationToken cancellationToken) =>
        await _deliveries.ResolveUncertainAsync(merchantId, id, resend, _time.GetUtcNow(), cancellationToken) switch
        {
            null => Error.NotFound("The delivery"),
            true => true,
            false => new Error(ErrorCodes.Conflict, "Only an uncertain delivery (status 'uncertain', held after a crash) can be resent or dropped."),
        };
}
