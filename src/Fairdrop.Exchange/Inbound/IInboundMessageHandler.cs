namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// Receives every new inbound message after it is stored and attached (never a replay). Register implementations
/// in DI as singletons (<c>services.AddSingleton&lt;IInboundMessageHandler, MyHandler&gt;()</c>); the two-way series
/// module acts on replies this way. A handler that throws is logged and does not stop the others.
/// </summary>
public interface IInboundMessageHandler
{
    ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken);
}
