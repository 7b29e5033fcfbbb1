using System.Data.Common;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// Hands waiting inbound messages to every <see cref="IInboundBatchHandler"/>, <see cref="BatchSize"/> at a time, each
/// batch in one write transaction with the mark that it was handled: one commit for a batch instead of one (or two)
/// per message (docs/adr/0028). A batch that fails is handled again one message at a time, so one bad message costs
/// only itself: it is logged and marked, its effects rolled back. A database that is busy or gone is not the
/// message's fault: the batch stays waiting for the next pass.
/// </summary>
internal sealed class InboundBatches(DbConnectionFactory connections, IEnumerable<IInboundBatchHandler> handlers, ILogger<InboundBatches> logger)
{
    public const int BatchSize = 200;

    private readonly IInboundBatchHandler[] _handlers = handlers.ToArray();

    /// <summary>Handles what waits until nothing does; returns how many messages were handled.</summary>
    public async Task<int> HandleAllAsync(CancellationToken cancellationToken)
    {
        if (_handlers.Length == 0)
        {
            return 0;
        }

        var total = 0;
        int handled;
        do
        {
            handled = await HandleBatchAsync(cancellationToken);
            total += handled;
        }
        while (handled > 0);
        return total;
    }

    private async Task<int> HandleBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        IReadOnlyList<InboundMessage> batch;
        await using (var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken))
        {
            batch = await InboundPending.ClaimAsync(connection, write.Transaction, connections.Dialect, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                return 0;
            }

            try
            {
                await HandleAsync(batch, connection, write.Transaction, cancellationToken);
                await write.CommitAsync(cancellationToken);
                return batch.Count;
            }
            catch (Exception exception) when (!IsInfrastructure(exception))
            {
                await write.RollbackAsync(cancellationToken);
            }
        }

        // Some message of the batch failed: each one alone now, in order, so the others still take effect.
        var done = 0;
        while (done < batch.Count && await HandleOneAsync(connection, cancellationToken))
        {
            done++;
        }

        return done;
    }

    /// <summary>
    /// The oldest waiting message alone; a failure is logged and the message marked, so the queue moves on. False when
    /// nothing waits any more.
    /// </summary>
    private async Task<bool> HandleOneAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var one = await InboundPending.ClaimAsync(connection, write.Transaction, connections.Dialect, 1, cancellationToken);
        if (one.Count == 0)
        {
            return false;
        }

        try
        {
            await HandleAsync(one, connection, write.Transaction, cancellationToken);
            await write.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (!IsInfrastructure(exception))
        {
            await write.RollbackAsync(cancellationToken);
            Log.InboundHandlerFailed(logger, nameof(IInboundBatchHandler), one[0].Id, exception);
        }

        await using var skip = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await InboundPending.DoneAsync(connection, skip.Transaction, one, cancellationToken);
        await skip.CommitAsync(cancellationToken);
        return true;
    }

    private async Task HandleAsync(IReadOnlyList<InboundMessage> batch, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            await handler.HandleAsync(batch, connection, transaction, cancellationToken);
        }

        await InboundPending.DoneAsync(connection, transaction, batch, cancellationToken);
    }

    private bool IsInfrastructure(Exception exception) =>
        exception is OperationCanceledException || (exception is DbException db && connections.Dialect.IsTransient(db));
}
