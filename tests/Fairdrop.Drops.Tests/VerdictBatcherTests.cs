using Fairdrop.Core.Shoppers;
using Fairdrop.Drops.Entries;

namespace Fairdrop.Drops.Tests;

/// <summary>Verdict lookups that arrive together are asked of the gate together, and each gets its own shopper's answer.</summary>
public sealed class VerdictBatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LatestAsync_ConcurrentLookups_AreAskedInBatches_EachAnsweredForItsShopperAndWindow()
    {
        var gate = new SlowGate();
        gate.Latest["bot-1"] = new GateVerdict("block", "many-sessions", Now.AddMinutes(-5));
        gate.Latest["bot-2"] = new GateVerdict("challenge", "fast-cart", Now.AddMinutes(-50));
        var batcher = new VerdictBatcher(gate);
        var merchant = Guid.NewGuid();

        var lookups = Enumerable.Range(0, 200).Select(i => batcher.LatestAsync(merchant, i switch { 0 => "bot-1", 1 => "bot-2", _ => $"human-{i}" }, Now.AddMinutes(-30))).ToList();
        var answers = await Task.WhenAll(lookups);

        Assert.Equal(gate.Latest["bot-1"], answers[0]);
        Assert.Null(answers[1]); // its challenge is older than the window
        Assert.All(answers.Skip(2), Assert.Null);
        Assert.InRange(gate.Calls, 1, 20);
    }

    /// <summary>A gate whose batch answer takes a moment, so that lookups pile up behind it as they would in a spike.</summary>
    private sealed class SlowGate : IGateVerdicts
    {
        public Dictionary<string, GateVerdict> Latest { get; } = [];

        public int Calls;

        public Task<GateVerdict?> LatestAsync(Guid merchantId, string shopperId, DateTimeOffset since, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the batcher asks for many at once");

        public async Task<IReadOnlyDictionary<string, GateVerdict>> LatestAsync(Guid merchantId, IReadOnlyCollection<string> shopperIds, DateTimeOffset since, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            await Task.Delay(20, cancellationToken);
            return Latest.Where(p => shopperIds.Contains(p.Key) && p.Value.At >= since).ToDictionary();
        }
    }
}
