using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Series;

namespace Fairdrop.Restock.Holds;

/// <summary>
/// A series' <c>hold</c> action on a restock product (target <c>product</c>, by its external id), through the
/// <see cref="HoldService"/>, inside the exchange's transaction for the conversation's event. Drops hold nothing through here: their own module would answer target <c>drop</c>.
/// </summary>
internal sealed class RestockSeriesHolds(HoldService holds) : ISeriesHolds
{
    public const string ProductTarget = "product";

    public async Task<Result<SeriesHold>> HoldAsync(SeriesWrite write, SeriesHoldRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Target, ProductTarget, StringComparison.Ordinal))
        {
            return Error.Validation("target", $"Only product holds are supported here, not '{request.Target}'.");
        }

        // In the series' own transaction: the hold commits with the conversation's event or not at all.
        var placed = await holds.PlaceAsync(
            write.Connection, write.Transaction, request.MerchantId, new HoldRequest(request.TargetId, request.Units, request.Duration, request.HoldKey, request.HolderExternalId), cancellationToken);
        return placed.TryGetValue(out var placement, out var error)
            ? new SeriesHold(placement.Hold.Id, (int)placement.Hold.Units, placement.Hold.ExpiresAt)
            : error;
    }
}
