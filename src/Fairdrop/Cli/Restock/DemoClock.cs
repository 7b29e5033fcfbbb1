namespace Fairdrop.Cli.Restock;

/// <summary>The demo's accelerated clock: time stands still until the demo moves it, so fifteen-minute waves play in moments.</summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
