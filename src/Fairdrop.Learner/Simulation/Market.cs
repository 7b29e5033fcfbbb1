using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Simulation;

/// <summary>
/// Runs policies side by side on the same simulated shoppers and offers, day by day: each policy keeps its own send
/// history (so its own caps and fatigue), sees only what it would see in production, and is audited on every send.
/// Shoppers are split over a fixed number of workers; every random draw comes from a stream keyed by (seed, policy,
/// shopper, day, offer), so a run reproduces bit for bit whatever the machine.
/// </summary>
internal sealed class Market
{
    private readonly SimulationSettings _settings;
    private readonly IReadOnlyList<IShopperPolicy> _policies;
    private readonly ShopperTruth[] _shoppers;
    private readonly SendHistory[][] _histories;
    private readonly PolicyTally[][] _tallies;

    public Market(SimulationSettings settings, IReadOnlyList<IShopperPolicy> policies)
    {
        _settings = settings;
        _policies = policies;
        _shoppers = [.. Enumerable.Range(0, settings.Shoppers).Select(i => ShopperFactory.Create(settings.Seed, i))];
        _histories = [.. policies.Select(_ => Enumerable.Range(0, settings.Shoppers).Select(_ => new SendHistory()).ToArray())];
        _tallies = [.. policies.Select(_ => Enumerable.Range(0, SimulationSettings.Workers).Select(_ => new PolicyTally(settings.Days)).ToArray())];
    }

    public IReadOnlyList<ShopperTruth> Shoppers => _shoppers;

    /// <summary>Runs every day; returns each policy's tally, summed over workers in order.</summary>
    public IReadOnlyList<PolicyTally> Run(IProgress<int>? progress = null)
    {
        for (var day = 0; day < _settings.Days; day++)
        {
            var today = day;
            Parallel.For(0, SimulationSettings.Workers, worker => RunWorker(today, worker));
            foreach (var policy in _policies)
            {
                policy.EndOfDay(day);
            }

            progress?.Report(day + 1);
        }

        return [.. _tallies.Select(perWorker =>
        {
            var total = new PolicyTally(_settings.Days);
            foreach (var tally in perWorker)
            {
                total.Add(tally);
            }

            return total;
        })];
    }

    private void RunWorker(int day, int worker)
    {
        var sender = SimulationSettings.Sender;
        var times = new Dictionary<(TimeZoneInfo, DailyWindow?, long, long), SlotTime[]>();
        var scratch = new SlotTime[SlotFinder.MaxTimes];
        var options = new SlotOption[SlotScorer.MaxOptions];
        var truth = new double[SlotScorer.MaxOptions];
        Span<SimulatedOffer> offers = stackalloc SimulatedOffer[2];
        var senderChannels = sender.Channels.ToArray().Aggregate(ChannelSet.None, (set, c) => set | (ChannelSet)(1 << (int)c));
        for (var i = worker; i < _shoppers.Length; i += SimulationSettings.Workers)
        {
            var shopper = _shoppers[i];
            var count = SimulatedOffer.ForDay(_settings.Seed, i, day, SimulationSettings.Start, offers);
            for (var o = 0; o < count; o++)
            {
                var offer = offers[o];
                var key = (shopper.Zone, shopper.QuietHours, offer.Now.UtcTicks, offer.Deadline.UtcTicks);
                if (!times.TryGetValue(key, out var slotTimes))
                {
                    var found = SlotFinder.Find(offer.Now, offer.Deadline, shopper.Zone, sender.SendWindow, shopper.QuietHours, scratch);
                    slotTimes = scratch.AsSpan(0, found).ToArray();
                    times[key] = slotTimes;
                }

                var n = SlotOption.Fill(slotTimes, shopper.Allowed & senderChannels, options);
                var best = 0.0;
                for (var k = 0; k < n; k++)
                {
                    truth[k] = shopper.Probability(options[k].Channel, options[k].SendAt, day, 0);
                    best = Math.Max(best, truth[k]);
                }

                var situation = new ShopperSituation(i, shopper, offer, day, worker);
                for (var p = 0; p < _policies.Count; p++)
                {
                    Offer(p, situation, options.AsSpan(0, n), truth.AsSpan(0, n), best, o);
                }
            }
        }
    }

    private void Offer(int p, in ShopperSituation situation, ReadOnlySpan<SlotOption> options, ReadOnlySpan<double> truth, double best, int offerIndex)
    {
        var tally = _tallies[p][situation.Worker];
        var history = _histories[p][situation.Index];
        var offer = situation.Offer;
        tally.Offers++;
        tally.OffersByDay[situation.Day]++;
        var sent = history.Counts(offer.Now);
        if ((SimulationSettings.Sender.Caps ?? Caps.None).Reached(sent))
        {
            tally.CapDrops++;
            return;
        }

        if (options.Length == 0)
        {
            tally.NoSlotDrops++;
            return;
        }

        var random = LearnerRandom.For(_settings.Seed ^ ((ulong)(p + 1) << 56), (ulong)situation.Index, ((ulong)situation.Day << 2) + (ulong)offerIndex);
        var policy = _policies[p];
        var chosen = policy.Choose(situation, options, truth, ref random);
        var option = options[chosen];
        var shopper = situation.Shopper;
        tally.Violations += ConstraintAudit.Violates(SimulationSettings.Sender, shopper, offer, option.Channel, option.SendAt, sent) ? 1 : 0;
        var tired = Math.Pow(1 - shopper.Fatigue, history.Within(option.SendAt, TimeSpan.FromDays(3)));
        var probability = truth[chosen] * tired;
        var engaged = offer.EngageDraw < probability;
        var seen = engaged && offer.ObserveDraw < shopper.Observed[Math.Min((int)option.Channel, ShopperTruth.Channels - 1)];
        history.Add(option.SendAt);
        tally.Sent++;
        tally.Engaged += engaged ? 1 : 0;
        tally.EngagedByDay[situation.Day] += engaged ? 1 : 0;
        tally.Seen += seen ? 1 : 0;
        tally.Expected += probability;
        tally.Regret += (best * tired) - probability;
        tally.Cost += OfferTerms.Default.Cost(option.Channel);
        policy.Observe(situation, option, seen);
    }
}
