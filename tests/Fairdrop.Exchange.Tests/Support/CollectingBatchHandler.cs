using System.Data.Common;
using Dapper;
using Fairdrop.Exchange.Inbound;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>
/// A batch handler that keeps the bodies it committed and, as its effect, marks each message's body in the exchange's
/// transaction (so a rolled-back effect shows); a message whose body is <see cref="Poison"/> makes it throw.
/// </summary>
internal sealed class CollectingBatchHandler : IInboundBatchHandler
{
    public const string Poison = "boom";

    public List<IReadOnlyList<string>> Batches { get; } = [];

    public async Task HandleAsync(IReadOnlyList<InboundMessage> messages, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_inbound SET body = body || ' (handled)' WHERE id = @Id", new { message.Id }, transaction, cancellationToken: cancellationToken));
            if (message.Body == Poison)
            {
                throw new InvalidOperationException("A handler bug on one message.");
            }
        }

        Batches.Add(messages.Select(m => m.Body).ToList());
    }
}
