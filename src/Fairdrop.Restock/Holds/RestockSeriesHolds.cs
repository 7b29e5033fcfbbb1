using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Series;

namespace Fairdrop.Restock.Holds;

/// <summary>
/// A series' <c>hold</c> action on a restock product (target <c>product</c>, by its external id), through the
/// <see cref="HoldService"/>. Drops hold nothing through here: their own module would answer target <c>drop</c>.
/// </summary>
internal sealed class RestockSeriesHolds(HoldService holds) : ISeriesHolds
{
    public const string ProductTarget = "product";

    public async Task<Result<SeriesHold>> HoldAsync(SeriesHoldRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Target, ProductTarget, StringComparison.Ordinal))
        {
            return Error.Validation("target", $"Only product holds are supported here, not '{request.Target}'.");
        }

        var placed = await holds.HoldAsync(
            request.MerchantId, new HoldRequest(request.TargetId, request.Units, request.Duration, request.HoldKey, request.HolderExternalId), cancellationToken);
        return placed.TryGetValue(out var placement, out var error)
            ? new SeriesHold(placement.Hold.Id, (int)placement.Hold.Units, placement.Hold.ExpiresAt)
            : error;
    }
}
