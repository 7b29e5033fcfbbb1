using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fairdrop.Batch.Telemetry;

/// <summary>Items read, written, skipped and retried, chunks committed and executions ended, under the <c>Fairdrop.Batch</c> meter.</summary>
internal sealed class BatchMetrics : IDisposable
{
    public const string Name = "Fairdrop.Batch";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Meter _meter = new(Name);
    private readonly Counter<long> _read;
    private readonly Counter<long> _written;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _chunks;
    private readonly Counter<long> _executions;

    public BatchMetrics()
    {
        _read = _meter.CreateCounter<long>("fairdrop.batch.items.read", "{item}", "Items read by chunk steps.");
        _written = _meter.CreateCounter<long>("fairdrop.batch.items.written", "{item}", "Items written and committed by chunk steps.");
        _skipped = _meter.CreateCounter<long>("fairdrop.batch.items.skipped", "{item}", "Items skipped by a skip policy.");
        _retried = _meter.CreateCounter<long>("fairdrop.batch.retries", "{retry}", "Retries of transient failures.");
        _chunks = _meter.CreateCounter<long>("fairdrop.batch.chunks.committed", "{chunk}", "Chunks committed with their checkpoint.");
        _executions = _meter.CreateCounter<long>("fairdrop.batch.executions", "{execution}", "Job executions ended, by status.");
    }

    public void Chunk(string step, long read, long written, long skipped)
    {
        var tag = new KeyValuePair<string, object?>("step", step);
        _read.Add(read, tag);
        _written.Add(written, tag);
        if (skipped > 0)
        {
            _skipped.Add(skipped, tag);
        }

        _chunks.Add(1, tag);
    }

    public void Retried(string step) => _retried.Add(1, new KeyValuePair<string, object?>("step", step));

    public void Ended(string job, string status) =>
        _executions.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("status", status));

    public void Dispose() => _meter.Dispose();
}
