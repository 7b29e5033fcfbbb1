using Fairdrop.Core.Errors;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// Where a series' <c>hold</c> action reserves units. The exchange cannot see inventory (data flows from restock to the
/// exchange, never back), so the module that owns stock implements this and registers it in DI
/// (<c>services.AddSingleton&lt;ISeriesHolds, …&gt;()</c>); with none registered, a hold action answers that holds are
/// not available. Implementations must be idempotent by <see cref="SeriesHoldRequest.HoldKey"/> (the same key returns
/// the first hold, never a second one) and must never hold more than is available.
/// </summary>
public interface ISeriesHolds
{
    /// <summary>
    /// Holds <see cref="SeriesHoldRequest.Units"/> of the target until now + duration, or refuses: not found
    /// (<see cref="ErrorKind.NotFound"/>), or more than available (<see cref="ErrorKind.Conflict"/>, code
    /// <c>hold_exceeds_stock</c>). A hold expires by itself: once past its expiry it no longer counts against stock.
    /// The hold is written inside <paramref name="write"/>, the exchange's transaction for the conversation's event, so
    /// it commits with the event or not at all (and one write transaction per reply is saved); a refusal writes nothing.
    /// </summary>
    Task<Result<SeriesHold>> HoldAsync(SeriesWrite write, SeriesHoldRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// A hold asked for by a series: <paramref name="Target"/> is <c>product</c> (a restock product by its external id) or
/// <c>drop</c>; <paramref name="HoldKey"/> is unique per merchant and the same on every retry of the same reply.
/// </summary>
public sealed record SeriesHoldRequest(Guid MerchantId, string Target, string TargetId, int Units, TimeSpan Duration, string HoldKey, string HolderExternalId);

/// <summary>A hold that exists: its id, units and when it lapses.</summary>
public sealed record SeriesHold(Guid Id, int Units, DateTimeOffset ExpiresAt);
