namespace Fairdrop.Testing;

/// <summary>
/// A clock a benchmark moves itself, once per simulated request, so simulated shoppers keep human or bot pace
/// whatever the machine's speed. Tests use <c>FakeTimeProvider</c>; benchmarks that step the clock inside the
/// measured loop use this one: FakeTimeProvider takes a lock on every read and every advance and looks for due
/// timers on each advance, about 130-150 ns an advance and a read against 3-4 ns here (Release, this machine),
/// which would count as a quarter of a measured gate decision (about 550 ns). Single-threaded use only; timers
/// and timestamps are the system's.
/// </summary>
public sealed class StepClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;

    /// <summary>Moves the clock to <paramref name="at"/> if that is later; never back, so activity times only move forward.</summary>
    public void CatchUp(DateTimeOffset at) => _ticks = Math.Max(_ticks, at.UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);
}
