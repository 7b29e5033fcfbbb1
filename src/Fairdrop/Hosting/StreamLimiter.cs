using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Fairdrop.Hosting;

/// <summary>
/// Caps the event streams open at once per API key on this node (<see cref="HttpOptions.MaxStreamsPerKey"/>): each
/// holds a connection and a queue for as long as the client likes, so one key must not be able to hold thousands.
/// </summary>
internal sealed class StreamLimiter(IOptions<HttpOptions> options)
{
    private readonly int _limit = options.Value.MaxStreamsPerKey;
    private readonly ConcurrentDictionary<Guid, int> _open = new();

    /// <summary>A lease to dispose when the stream ends, or null when the key already has its limit open.</summary>
    public IDisposable? TryAcquire(Guid keyId)
    {
        while (true)
        {
            var open = _open.GetOrAdd(keyId, 0);
            if (open >= _limit)
            {
                return null;
            }

            if (_open.TryUpdate(keyId, open + 1, open))
            {
                return new Lease(this, keyId);
            }
        }
    }

    /// <summary>Streams open for the key now (for tests and diagnostics).</summary>
    public int OpenFor(Guid keyId) => _open.TryGetValue(keyId, out var open) ? open : 0;

    private void Release(Guid keyId)
    {
        while (true)
        {
            var open = _open[keyId];
            // The last lease removes the entry, so keys that stream once do not accumulate.
            if (open == 1 ? _open.TryRemove(KeyValuePair.Create(keyId, 1)) : _open.TryUpdate(keyId, open - 1, open))
            {
                return;
            }
        }
    }

    private sealed class Lease(StreamLimiter owner, Guid keyId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(keyId);
            }
        }
    }
}
