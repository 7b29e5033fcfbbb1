namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// Sending driven by hand, for tools that run the exchange without its background workers (the demo): one pass
/// claims what is due now and sends it, exactly as the dispatch worker's pass would.
/// </summary>
public sealed class ExchangeDispatch
{
    private readonly DeliveryDispatcher _dispatcher;

    internal ExchangeDispatch(DeliveryDispatcher dispatcher) => _dispatcher = dispatcher;

    /// <summary>Sends one batch of due deliveries; the number handled, 0 when nothing was due.</summary>
    public Task<int> DispatchOnceAsync(CancellationToken cancellationToken) => _dispatcher.DispatchOnceAsync(cancellationToken);
}
