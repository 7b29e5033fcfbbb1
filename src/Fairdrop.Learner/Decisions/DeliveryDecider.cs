using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// Chooses, for one offer, each recipient's channel and send time jointly among every allowed channel × every allowed
/// time (<see cref="SlotFinder"/>), with <see cref="SlotScorer"/>'s policy. Built once per offer like the exchange's
/// matcher: the allowed times depend only on the zone and quiet hours, so they are found once per (zone, quiet hours)
/// and shared by every recipient there. Not thread-safe: one per worker.
/// </summary>
internal sealed class DeliveryDecider
{
    private readonly DateTimeOffset _now;
    private readonly DateTimeOffset _end;
    private readonly DailyWindow? _window;
    private readonly SlotScorer _scorer;
    private readonly Dictionary<(TimeZoneInfo Zone, DailyWindow? Quiet), SlotTime[]> _times = [];
    private readonly SlotTime[] _scratch = new SlotTime[SlotFinder.MaxTimes];
    private readonly SlotOption[] _options = new SlotOption[SlotScorer.MaxOptions];

    public DeliveryDecider(DateTimeOffset now, DateTimeOffset? deadline, DailyWindow? window, SlotScorer scorer)
    {
        _now = now;
        _end = deadline ?? now + scorer.Terms.HorizonWithoutDeadline;
        _window = window;
        _scorer = scorer;
    }

    /// <summary>The allowed alternatives for a recipient, scored by posterior; valid until the next call.</summary>
    public ReadOnlySpan<ScoredSlot> Alternatives(ChannelSet allowed, TimeZoneInfo zone, DailyWindow? quiet, RecipientState state, PriorTable prior)
    {
        var count = SlotOption.Fill(Times(zone, quiet), allowed, _options);
        return _scorer.Score(_options.AsSpan(0, count), _now, state, prior);
    }

    /// <summary>The hot path: the chosen alternative's index in <see cref="Alternatives"/>' span, or −1 to drop.</summary>
    public int Pick(ReadOnlySpan<ScoredSlot> slots, ref LearnerRandom random) => _scorer.Pick(slots, ref random);

    /// <summary>A recorded decision: alternatives copied out, the choice, its propensity from <paramref name="draws"/> draws.</summary>
    public LearnedDecision Decide(ChannelSet allowed, TimeZoneInfo zone, DailyWindow? quiet, RecipientState state, PriorTable prior, int draws, ref LearnerRandom random)
    {
        var slots = Alternatives(allowed, zone, quiet, state, prior);
        var chosen = _scorer.Pick(slots, ref random);
        return chosen < 0
            ? LearnedDecision.Drop(DropReason.NoSlotBeforeDeadline)
            : new LearnedDecision(DropReason.None, slots.ToArray(), chosen, _scorer.Propensity(slots, chosen, draws, ref random));
    }

    private SlotTime[] Times(TimeZoneInfo zone, DailyWindow? quiet)
    {
        if (!_times.TryGetValue((zone, quiet), out var times))
        {
            var count = SlotFinder.Find(_now, _end, zone, _window, quiet, _scratch);
            times = _scratch.AsSpan(0, count).ToArray();
            _times[(zone, quiet)] = times;
        }

        return times;
    }
}
