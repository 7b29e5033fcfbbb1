using System.Data.Common;

namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// Acts on new inbound messages (never a replay) inside the exchange's write transaction, many at a time, after the
/// webhook has stored them and answered (docs/adr/0028). The messages come in the order they were received; the
/// handler's writes commit with the mark that they were handled, so each message is handled exactly once, and one
/// stored before a crash is handled after it. Register in DI as a singleton; a handler that throws on a message is
/// logged, and that message is skipped for every batch handler (its effects rolled back), not retried for ever.
/// </summary>
public interface IInboundBatchHandler
{
    Task HandleAsync(IReadOnlyList<InboundMessage> messages, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
