namespace Fairdrop.Bench;

/// <summary>A clock the benchmark moves itself, so simulated shoppers keep human or bot pace whatever the machine's speed.</summary>
internal sealed class GateBenchClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;

    public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);
}
