using System.Runtime.CompilerServices;
using Fairdrop.Gate.Decisions;

namespace Fairdrop.Gate.Recommendations.Adopting;

/// <summary>Passes a log through and remembers its first and last times: the window a prediction covers.</summary>
internal sealed class WindowedLog
{
    public DateTimeOffset? First { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    public TimeSpan Window => First is { } first && Last is { } last ? last - first : TimeSpan.Zero;

    public async IAsyncEnumerable<DecisionRecord> Through(IAsyncEnumerable<DecisionRecord> log, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in log.WithCancellation(cancellationToken))
        {
            First ??= record.At;
            Last = record.At;
            yield return record;
        }
    }
}
