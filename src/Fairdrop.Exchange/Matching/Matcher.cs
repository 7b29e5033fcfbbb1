namespace Fairdrop.Exchange.Matching;

/// <summary>
/// Decides, for one distribution, every recipient's channel and send time, or why they are dropped:
/// consent ∧ sender rules ∧ recipient rules. Built once per distribution; <see cref="Decide"/> allocates
/// nothing and caches each zone's local time and each (zone, quiet hours) deferral, which recipients share.
/// Not thread-safe: one matcher per worker.
/// </summary>
internal sealed class Matcher
{
    private readonly MatchRequest _request;
    private readonly Channel[] _senderOrder;
    private readonly ChannelSet _usable;
    private readonly ChannelSet _consentRequired;
    private readonly Caps _senderCaps;
    private readonly DailyWindow? _window;
    private readonly Dictionary<TimeZoneInfo, TimeOnly> _localNow = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(TimeZoneInfo Zone, DailyWindow? Quiet), DateTimeOffset?> _deferrals = [];

    public Matcher(MatchRequest request)
    {
        _request = request;
        _senderOrder = [.. request.Sender.Channels.Distinct()];
        _usable = _senderOrder.ToSet() & request.ContentChannels;
        _consentRequired = (request.Sender.ConsentRequired ?? []).ToSet();
        _senderCaps = request.Sender.Caps ?? Caps.None;
        _window = request.Sender.SendWindow;
    }

    public MatchDecision Decide(RecipientProfile recipient)
    {
        if (_request.Topic is { } topic && Array.IndexOf(recipient.OptedOutTopics, topic) >= 0)
        {
            return MatchDecision.Drop(DropReason.OptedOut);
        }

        var reachable = _usable & recipient.Reachable;
        if (reachable == ChannelSet.None)
        {
            return MatchDecision.Drop(DropReason.NoContact);
        }

        // Consent is never bypassed, not even by critical senders.
        var eligible = reachable & (recipient.Consented | ~_consentRequired);
        if (eligible == ChannelSet.None)
        {
            return MatchDecision.Drop(DropReason.NoConsent);
        }

        var (channel, fallback) = Choose(recipient.Preference, eligible);
        if (_request.Sender.Critical)
        {
            return new MatchDecision(DropReason.None, channel, fallback, _request.Now, eligible);
        }

        var sent = recipient.Sent;
        if (_senderCaps.Reached(sent) || recipient.Caps.Reached(sent))
        {
            return MatchDecision.Drop(DropReason.CapReached);
        }

        var sendAt = SendTime(recipient.Zone, recipient.QuietHours);
        if (sendAt is not { } at)
        {
            return MatchDecision.Drop(DropReason.NoSendWindow);
        }

        return _request.Deadline is { } deadline && at > deadline
            ? MatchDecision.Drop(DropReason.QuietHoursPastDeadline)
            : new MatchDecision(DropReason.None, channel, fallback, at, eligible);
    }

    private (Channel Channel, Channel? Fallback) Choose(Channel[] preference, ChannelSet eligible)
    {
        // The recipient's preference first, within what the sender allows; then the sender's own order.
        Channel? first = null;
        var tried = ChannelSet.None;
        foreach (var channel in preference)
        {
            if (Take(channel, ref first, ref tried, eligible, out var pair))
            {
                return pair;
            }
        }

        foreach (var channel in _senderOrder)
        {
            if (Take(channel, ref first, ref tried, eligible, out var pair))
            {
                return pair;
            }
        }

        return (first!.Value, null);
    }

    private static bool Take(Channel channel, ref Channel? first, ref ChannelSet tried, ChannelSet eligible, out (Channel, Channel?) pair)
    {
        pair = default;
        var bit = channel.Bit();
        if ((eligible & bit) == 0 || (tried & bit) != 0)
        {
            return false;
        }

        tried |= bit;
        if (first is null)
        {
            first = channel;
            return false;
        }

        pair = (first.Value, channel);
        return true;
    }

    private DateTimeOffset? SendTime(TimeZoneInfo zone, DailyWindow? quiet)
    {
        if (_window is null && quiet is null)
        {
            return _request.Now;
        }

        if (!_localNow.TryGetValue(zone, out var local))
        {
            local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(_request.Now, zone).DateTime);
            _localNow[zone] = local;
        }

        if (SendTimePlanner.IsAllowedLocal(local, _window, quiet))
        {
            return _request.Now;
        }

        if (!_deferrals.TryGetValue((zone, quiet), out var next))
        {
            next = SendTimePlanner.NextAllowed(_request.Now, zone, _window, quiet);
            _deferrals[(zone, quiet)] = next;
        }

        return next;
    }
}
