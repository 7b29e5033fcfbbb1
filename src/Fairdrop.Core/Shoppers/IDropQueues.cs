namespace Fairdrop.Core.Shoppers;

/// <summary>
/// The order in which a merchant's latest placed drop serves its shoppers, for the gate's recommender to show what a
/// proposed rule would have changed there ("would the human queue have moved up?"). Drops implements it; a host without
/// drops has no queue.
/// </summary>
public interface IDropQueues
{
    /// <summary>The merchant's most recently placed drop and its shoppers in place order, or null when none was placed.</summary>
    Task<DropQueue?> LatestPlacedAsync(Guid merchantId, CancellationToken cancellationToken);
}

/// <summary>
/// A placed drop's queue: its shoppers (the storefront's ids) from the first place on, and <see cref="Served"/>, how many
/// of the first places its units serve when each buys the most a shopper may (units ÷ at most per customer, at least 1).
/// </summary>
public sealed record DropQueue(Guid DropId, string Name, long Served, IReadOnlyList<string> ShoppersInPlaceOrder);

/// <summary>No drops in this host: no queue.</summary>
public sealed class NoDropQueues : IDropQueues
{
    public Task<DropQueue?> LatestPlacedAsync(Guid merchantId, CancellationToken cancellationToken) => Task.FromResult<DropQueue?>(null);
}
