namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// Where a new inbound message waits for the batch handlers: its place (strictly increasing on this node, from the
/// clock in microseconds, so a number's texts keep their order even within one millisecond, and nodes with synchronised
/// clocks interleave by time) and the signal that wakes this node's <see cref="InboundWorker"/> at once.
/// </summary>
internal sealed class InboundQueue(IEnumerable<IInboundBatchHandler> handlers, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Lock _gate = new();
    private long _last;

    /// <summary>False when no module handles inbound messages in batches: then nothing waits and nothing is queued.</summary>
    public bool HasHandlers { get; } = handlers.Any();

    public long NextPlace()
    {
        var micros = (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        lock (_gate)
        {
            _last = micros > _last ? micros : _last + 1;
            return _last;
        }
    }

    /// <summary>A message is waiting: wake the worker (one pending wake is enough, it handles all that wait).</summary>
    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another message woke it between the check and the release: one wake is all it needs.
            }
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
