using Fairdrop.Exchange.Matching;

namespace Fairdrop.Learner.Decisions;

/// <summary>One allowed alternative before scoring: a channel the recipient may get, at an allowed time, in its bucket.</summary>
internal readonly record struct SlotOption(Channel Channel, DateTimeOffset SendAt, int Bucket)
{
    /// <summary>Every allowed channel at every allowed time, channel-major; returns how many were written.</summary>
    public static int Fill(ReadOnlySpan<SlotTime> times, ChannelSet allowed, Span<SlotOption> options)
    {
        var count = 0;
        for (var c = 0; c < Model.WeekBuckets.Channels; c++)
        {
            if ((allowed & (ChannelSet)(1 << c)) == 0)
            {
                continue;
            }

            foreach (var time in times)
            {
                options[count++] = new SlotOption((Channel)c, time.SendAt, time.Bucket);
            }
        }

        return count;
    }
}
