using System.Diagnostics;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Scenarios.Exchange;

/// <summary>
/// Matching one distribution against an in-memory list of recipients (quiet hours in eight zones, caps,
/// preferences, consents, opt-outs) under a sender with five rules: the exchange's <see cref="Matcher"/> versus the
/// same decisions as a plain LINQ query over the same list, in the same run. Both must agree on every recipient.
/// </summary>
internal static class ExchangeMatchingBenchmark
{
    public static readonly DateTimeOffset Now = new(2025, 3, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "UTC"];

    /// <summary>Channels, a send window, caps per day / week / topic, consent for email; restock topic with a 12-hour deadline.</summary>
    public static MatchRequest Request() => new(
        new SenderRules(
            [Channel.Email, Channel.InApp, Channel.Webhook],
            new DailyWindow(new TimeOnly(8, 0), new TimeOnly(21, 0)),
            new Caps(PerDay: 3, PerWeek: 10, PerTopicPerDay: 1),
            [Channel.Email]),
        "restock",
        ChannelSet.Email | ChannelSet.InApp | ChannelSet.Webhook,
        Now,
        Now.AddHours(12));

    public static RecipientProfile[] Profiles(int count)
    {
        var random = new Random(42);
        var zones = Zones.Select(z => TimeZones.Find(z) ?? throw new InvalidOperationException($"Time zone {z} is missing.")).ToArray();
        var channels = new[] { Channel.InApp, Channel.Email, Channel.Webhook, Channel.Sms };
        var profiles = new RecipientProfile[count];
        for (var i = 0; i < count; i++)
        {
            var preference = channels.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
            profiles[i] = new RecipientProfile
            {
                Id = Guid.CreateVersion7(Now),
                Reachable = (ChannelSet)random.Next(1, 32),
                Consented = (ChannelSet)random.Next(0, 32),
                Preference = preference,
                OptedOutTopics = random.Next(20) == 0 ? ["restock"] : random.Next(10) == 0 ? ["newsletter"] : [],
                QuietHours = new DailyWindow(new TimeOnly(random.Next(20, 24), random.Next(2) * 30), new TimeOnly(random.Next(6, 9), 0)),
                Zone = zones[random.Next(zones.Length)],
                Caps = random.Next(4) == 0 ? new Caps(PerDay: 2) : Caps.None,
                Sent = new SentCounts(random.Next(3), random.Next(8), random.Next(10) == 0 ? 1 : 0),
            };
        }

        return profiles;
    }

    /// <summary>Runs the matcher over every profile; returns evaluations per second and the decisions.</summary>
    public static (double PerSecond, MatchDecision[] Decisions) RunMatcher(MatchRequest request, RecipientProfile[] profiles)
    {
        var decisions = new MatchDecision[profiles.Length];
        var clock = Stopwatch.StartNew();
        var matcher = new Matcher(request);
        for (var i = 0; i < profiles.Length; i++)
        {
            decisions[i] = matcher.Decide(profiles[i]);
        }

        return (profiles.Length / clock.Elapsed.TotalSeconds, decisions);
    }

    /// <summary>The baseline: the same rules as one LINQ query, as a service without the matcher would write them.</summary>
    public static (double PerSecond, MatchDecision[] Decisions) RunLinq(MatchRequest request, RecipientProfile[] profiles)
    {
        var clock = Stopwatch.StartNew();
        var rules = request.Sender;
        var senderOrder = rules.Channels.Distinct().ToList();
        var consentRequired = rules.ConsentRequired ?? [];
        var senderCaps = rules.Caps ?? Caps.None;
        var decisions = profiles.Select(p =>
        {
            if (request.Topic is { } topic && p.OptedOutTopics.Contains(topic))
            {
                return MatchDecision.Drop(DropReason.OptedOut);
            }

            var reachable = senderOrder.Where(c => request.ContentChannels.Has(c) && p.Reachable.Has(c)).ToList();
            if (reachable.Count == 0)
            {
                return MatchDecision.Drop(DropReason.NoContact);
            }

            var eligible = reachable.Where(c => !consentRequired.Contains(c) || p.Consented.Has(c)).ToList();
            if (eligible.Count == 0)
            {
                return MatchDecision.Drop(DropReason.NoConsent);
            }

            var ordered = p.Preference.Where(eligible.Contains).Concat(senderOrder.Where(eligible.Contains)).Distinct().ToList();
            Channel? fallback = ordered.Count > 1 ? ordered[1] : null;
            if (rules.Critical)
            {
                return new MatchDecision(DropReason.None, ordered[0], fallback, request.Now, eligible.ToSet());
            }

            if (senderCaps.Reached(p.Sent) || p.Caps.Reached(p.Sent))
            {
                return MatchDecision.Drop(DropReason.CapReached);
            }

            var at = rules.SendWindow is null && p.QuietHours is null ? request.Now : SendTimePlanner.NextAllowed(request.Now, p.Zone, rules.SendWindow, p.QuietHours);
            if (at is null)
            {
                return MatchDecision.Drop(DropReason.NoSendWindow);
            }

            return request.Deadline is { } deadline && at > deadline
                ? MatchDecision.Drop(DropReason.QuietHoursPastDeadline)
                : new MatchDecision(DropReason.None, ordered[0], fallback, at.Value, eligible.ToSet());
        }).ToArray();
        return (profiles.Length / clock.Elapsed.TotalSeconds, decisions);
    }
}
