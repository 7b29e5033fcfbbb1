using System.Globalization;
using Fairdrop.Batch.Steps;

namespace Fairdrop.Batch.TestHost;

/// <summary>Reads the numbers [start, end) by keyset: the position is the last number read.</summary>
public sealed class RangeReader(long start, long end) : IItemReader<long>
{
    public Task<IReadOnlyList<long>> ReadAsync(string? after, int count, CancellationToken cancellationToken)
    {
        var from = after is null ? start : long.Parse(after, CultureInfo.InvariantCulture) + 1;
        var to = Math.Min(end, from + count);
        IReadOnlyList<long> items = from >= to ? [] : Enumerable.Range(0, (int)(to - from)).Select(i => from + i).ToList();
        return Task.FromResult(items);
    }

    public string PositionOf(long item) => item.ToString(CultureInfo.InvariantCulture);
}
