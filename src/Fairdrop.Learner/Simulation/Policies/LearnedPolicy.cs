using System.Collections.Concurrent;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation.Policies;

/// <summary>
/// The learner as it runs in the exchange: a bounded <see cref="RecipientState"/> per shopper, updated from what is
/// seen, priors refitted by segment every night (the batch job), Thompson choice with the exploration floor. One
/// shopper in <see cref="LogEvery"/> has each decision logged with its propensity, for the off-policy estimates.
/// </summary>
internal sealed class LearnedPolicy : IShopperPolicy
{
    public const int LogEvery = 50;
    public const int PropensityDraws = 200;

    private readonly RecipientState[] _states;
    private readonly SlotScorer[] _scorers;
    private readonly ConcurrentBag<LoggedDecision> _log = [];
    private readonly LoggedDecision?[] _pending;
    private Priors _priors = Priors.Flat;

    public LearnedPolicy(int shoppers, int workers, OfferTerms terms)
    {
        _states = [.. Enumerable.Range(0, shoppers).Select(_ => new RecipientState())];
        _scorers = [.. Enumerable.Range(0, workers).Select(_ => new SlotScorer(terms))];
        _pending = new LoggedDecision?[workers];
    }

    public string Name => "learned";

    public IReadOnlyList<RecipientState> States => _states;

    /// <summary>The logged decisions in a fixed order (day, shopper, time), whatever the workers' interleaving.</summary>
    public IReadOnlyList<LoggedDecision> Log => [.. _log.OrderBy(d => d.Day).ThenBy(d => d.Shopper).ThenBy(d => d.DecidedAt)];

    public int Choose(in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, ref LearnerRandom random)
    {
        var scorer = _scorers[situation.Worker];
        var state = _states[situation.Index];
        state.DecayTo(DayNumber(situation.Offer.Now));
        var slots = scorer.Score(options, situation.Offer.Now, state, _priors.For(situation.Shopper.Segment));
        var chosen = scorer.Pick(slots, ref random);
        if (situation.Index % LogEvery == 0)
        {
            var propensity = scorer.Propensity(slots, chosen, PropensityDraws, ref random);
            _pending[situation.Worker] = new LoggedDecision(situation.Day, situation.Index, situation.Offer.Now, slots.ToArray(), chosen, propensity, false);
        }

        return chosen;
    }

    public void Observe(in ShopperSituation situation, in SlotOption sent, bool seen)
    {
        _states[situation.Index].Observe((int)sent.Channel, sent.Bucket, seen, DayNumber(sent.SendAt));
        if (_pending[situation.Worker] is { } logged)
        {
            _log.Add(logged with { Seen = seen });
            _pending[situation.Worker] = null;
        }
    }

    public void EndOfDay(int day) =>
        _priors = Priors.Fit([.. _states.Select((s, i) => (ShopperSegment(i), s))]);

    /// <summary>Set by the market so the nightly refit can group by the shoppers' observable segment.</summary>
    public Func<int, string?> ShopperSegment { get; set; } = _ => null;

    private static int DayNumber(DateTimeOffset instant) => (int)(instant.UtcTicks / TimeSpan.TicksPerDay);
}
