using CsCheck;
using Fairdrop.Exchange.Matching;
using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Tests.Planning;

/// <summary>Properties of the wave planner over random waitlists, stock sequences, policies and quiet hours.</summary>
public sealed class WavePlannerProperties
{
    private static readonly DateTimeOffset Start = new(2026, 3, 28, 22, 30, 0, TimeSpan.Zero);
    private static readonly string[] Zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"];
    private static readonly string[] Channels = ["email", "in_app", "sms"];

    private static readonly Gen<WaveCandidate> GenCandidate =
        Gen.Select(Gen.Long[0, 3], Gen.Long[0, 5_000], Gen.Int[0, Zones.Length - 1], Gen.Int[0, Channels.Length - 1], Gen.Int[0, 24 * 4 - 1], Gen.Int[1, 24 * 4 - 1], Gen.Bool)
            .Select((tier, minutes, zone, channel, quietStart, quietLength, quiet) => new WaveCandidate(
                Guid.NewGuid(), tier, Start.AddMinutes(-minutes), Channels[channel], TimeZoneInfo.FindSystemTimeZoneById(Zones[zone]),
                quiet ? new DailyWindow(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(quietStart * 15)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(((quietStart + quietLength) % 96) * 15))) : null));

    private static readonly Gen<RestockPolicy> GenPolicy =
        Gen.Select(Gen.Double[0.1, 5], Gen.Long[0, 4], Gen.Int[0, 120], Gen.Enum<OrderPolicy>())
            .Select((apu, min, minutes, order) => new RestockPolicy(apu, min, TimeSpan.FromMinutes(minutes), order));

    [Fact]
    public void Round_OverRandomStock_RespectsSizeOrderAndAlertsEveryoneAtMostOnce()
    {
        Gen.Select(GenCandidate.Array[0, 60], GenPolicy, Gen.Long[0, 12].Array[1, 8], Gen.Int[1, 7])
            .Sample((waitlist, policy, stock, chunk) =>
            {
                var order = new CandidateOrder(policy.Order);
                var line = waitlist.OrderBy(c => c, order).ToList();
                var rates = new Dictionary<string, double>(StringComparer.Ordinal) { ["email"] = 2, ["sms"] = 0.5 };
                var alerted = new List<Guid>();
                var now = Start;
                var position = 0;
                foreach (var available in stock)
                {
                    var size = WavePlanner.WaveSize(available, policy);
                    var expectedSize = available < Math.Max(1, policy.MinInventory) ? 0 : (long)Math.Ceiling(available * policy.AlertsPerUnit);
                    Assert.Equal(expectedSize, size);

                    // The round writes a wave in chunks, as the runner does.
                    var sent = new Dictionary<string, long>(StringComparer.Ordinal);
                    var inWave = 0L;
                    while (inWave < size && position < line.Count)
                    {
                        var take = (int)Math.Min(chunk, size - inWave);
                        var next = line.Skip(position).Take(take).ToList();
                        var plan = WavePlanner.Plan(next, take, now, now, rates, sent);
                        Assert.Equal(next.Count, plan.Count); // quiet hours never take anyone out of their wave
                        foreach (var alert in plan)
                        {
                            Assert.True(alert.SendAt >= now);
                            Assert.True(WavePlanner.IsAllowed(alert.Candidate, alert.SendAt), $"sent at {alert.SendAt} inside quiet hours {alert.Candidate.QuietHours} of {alert.Candidate.Zone.Id}");
                            Assert.True(alert.SendAt - now < TimeSpan.FromDays(1.1));
                            alerted.Add(alert.Candidate.SubscriptionId);
                        }

                        position += plan.Count;
                        inWave += plan.Count;
                    }

                    Assert.True(inWave <= Math.Ceiling(available * policy.AlertsPerUnit));
                    now += policy.Interval;
                }

                Assert.Equal(alerted.Count, alerted.Distinct().Count()); // nobody twice
                Assert.Equal(line.Take(alerted.Count).Select(c => c.SubscriptionId), alerted); // in order, nobody skipped
            });
    }

    [Fact]
    public void Plan_WithChannelRate_NeverExceedsTheRatePerSecond()
    {
        Gen.Select(Gen.Int[1, 200], Gen.Double[0.5, 50])
            .Sample((count, rate) =>
            {
                var line = Enumerable.Range(0, count).Select(i => new WaveCandidate(Guid.NewGuid(), 0, Start.AddSeconds(i), "email", TimeZoneInfo.Utc, null)).ToList();
                var plan = WavePlanner.Plan(line, count, Start, Start, new Dictionary<string, double> { ["email"] = rate }, []);
                var perSecond = plan.GroupBy(a => (long)Math.Floor((a.SendAt - Start).TotalSeconds)).Max(g => g.Count());
                Assert.True(perSecond <= Math.Ceiling(rate), $"{perSecond} in one second at {rate}/s");
            });
    }

    [Fact]
    public void CandidateOrder_PriorityTiers_PutsLowerTiersFirstThenOldest()
    {
        var a = new WaveCandidate(Guid.NewGuid(), 1, Start.AddMinutes(-10), "email", TimeZoneInfo.Utc, null);
        var b = new WaveCandidate(Guid.NewGuid(), 0, Start.AddMinutes(-1), "email", TimeZoneInfo.Utc, null);
        var c = new WaveCandidate(Guid.NewGuid(), 0, Start.AddMinutes(-5), "email", TimeZoneInfo.Utc, null);

        Assert.Equal([c, b, a], new[] { a, b, c }.OrderBy(x => x, new CandidateOrder(OrderPolicy.PriorityTiers)));
        Assert.Equal([b, c, a], new[] { a, b, c }.OrderBy(x => x, new CandidateOrder(OrderPolicy.NewestFirst)));
        Assert.Equal([a, c, b], new[] { a, b, c }.OrderBy(x => x, new CandidateOrder(OrderPolicy.OldestFirst)));
    }

    [Fact]
    public void QuietHours_WrappingMidnight_MovesToTheLocalEnd()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var quiet = new DailyWindow(new TimeOnly(22, 0), new TimeOnly(7, 0));

        var at = SendTimePlanner.NextAllowed(new DateTimeOffset(2026, 1, 10, 22, 30, 0, TimeSpan.Zero), paris, null, quiet); // 23:30 in Paris

        Assert.Equal(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero), at); // 07:00 in Paris
    }
}
