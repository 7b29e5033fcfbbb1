using System.Buffers.Binary;

namespace Fairdrop.Learner.Model;

/// <summary>
/// One recipient's evidence, bounded: success and trial counts per channel (5), per daypart (6) and for at most
/// <see cref="MaxArms"/> joint (channel, hour-of-week bucket) arms, the least-tried evicted first. Counts decay with
/// a half-life so an old habit fades (drift). Stored as <see cref="SerializedSize"/> bytes; about 300 bytes in memory.
/// One decision is one trial, engaged or not, whatever number of opens follows it: that caps poisoned events.
/// </summary>
internal sealed class RecipientState
{
    public const int MaxArms = 12;
    public const int SerializedSize = 4 + 1 + (Floats * 4) + (MaxArms * 2);
    public const double HalfLifeDays = 28;
    public const float MaxTrialsPerDay = 12;

    private const int ChannelAt = 0;
    private const int DaypartAt = WeekBuckets.Channels * 2;
    private const int ArmAt = DaypartAt + (WeekBuckets.Dayparts * 2);
    private const int Floats = ArmAt + (MaxArms * 2);
    private const ushort Empty = ushort.MaxValue;

    private readonly float[] _counts = new float[Floats];
    private readonly ushort[] _keys = [Empty, Empty, Empty, Empty, Empty, Empty, Empty, Empty, Empty, Empty, Empty, Empty];
    private float _todayTrials;

    /// <summary>The day (since the Unix epoch) the counts were last decayed to.</summary>
    public int Day { get; private set; }

    public int ArmCount { get; private set; }

    public (float Successes, float Trials) Channel(int channel) => (_counts[ChannelAt + (2 * channel)], _counts[ChannelAt + (2 * channel) + 1]);

    public (float Successes, float Trials) Daypart(int daypart) => (_counts[DaypartAt + (2 * daypart)], _counts[DaypartAt + (2 * daypart) + 1]);

    public (float Successes, float Trials) Arm(int channel, int bucket)
    {
        var i = Find(Key(channel, bucket));
        return i < 0 ? default : (_counts[ArmAt + (2 * i)], _counts[ArmAt + (2 * i) + 1]);
    }

    public IEnumerable<(int Channel, int Bucket, float Successes, float Trials)> Arms()
    {
        for (var i = 0; i < MaxArms; i++)
        {
            if (_keys[i] != Empty)
            {
                yield return (_keys[i] / WeekBuckets.Count, _keys[i] % WeekBuckets.Count, _counts[ArmAt + (2 * i)], _counts[ArmAt + (2 * i) + 1]);
            }
        }
    }

    /// <summary>Records one decision's outcome; false when the day's trial cap is reached (a flood is not evidence).</summary>
    public bool Observe(int channel, int bucket, bool engaged, int day)
    {
        DecayTo(day);
        if (_todayTrials >= MaxTrialsPerDay)
        {
            return false;
        }

        _todayTrials++;
        var success = engaged ? 1f : 0f;
        Add(ChannelAt + (2 * channel), success);
        Add(DaypartAt + (2 * WeekBuckets.Daypart(bucket)), success);
        Add(ArmAt + (2 * Slot(Key(channel, bucket))), success);
        return true;
    }

    /// <summary>Scales every count by 2^(−days / half-life) up to <paramref name="day"/>.</summary>
    public void DecayTo(int day)
    {
        if (day <= Day)
        {
            return;
        }

        if (Day != 0)
        {
            var factor = (float)Math.Pow(2, -(day - Day) / HalfLifeDays);
            for (var i = 0; i < _counts.Length; i++)
            {
                _counts[i] *= factor;
            }
        }

        Day = day;
        _todayTrials = 0;
    }

    public byte[] Serialize()
    {
        var bytes = new byte[SerializedSize];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Day);
        bytes[4] = (byte)Math.Min(_todayTrials, byte.MaxValue);
        for (var i = 0; i < Floats; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(5 + (4 * i)), _counts[i]);
        }

        for (var i = 0; i < MaxArms; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(5 + (4 * Floats) + (2 * i)), _keys[i]);
        }

        return bytes;
    }

    public static RecipientState Deserialize(ReadOnlySpan<byte> bytes)
    {
        var state = new RecipientState();
        if (bytes.Length != SerializedSize)
        {
            return state; // A layout from another version: start again from the priors rather than misread counts.
        }

        state.Day = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        state._todayTrials = bytes[4];
        for (var i = 0; i < Floats; i++)
        {
            state._counts[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(5 + (4 * i))..]);
        }

        for (var i = 0; i < MaxArms; i++)
        {
            state._keys[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(5 + (4 * Floats) + (2 * i))..]);
            state.ArmCount += state._keys[i] == Empty ? 0 : 1;
        }

        return state;
    }

    private static ushort Key(int channel, int bucket) => (ushort)((channel * WeekBuckets.Count) + bucket);

    private void Add(int at, float success)
    {
        _counts[at] += success;
        _counts[at + 1] += 1;
    }

    private int Find(ushort key)
    {
        for (var i = 0; i < MaxArms; i++)
        {
            if (_keys[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The arm's slot: its own, a free one, or the least-tried one's (its evidence stays in the marginals).</summary>
    private int Slot(ushort key)
    {
        var found = Find(key);
        if (found >= 0)
        {
            return found;
        }

        var victim = 0;
        for (var i = 0; i < MaxArms; i++)
        {
            if (_keys[i] == Empty)
            {
                victim = i;
                ArmCount++;
                break;
            }

            if (_counts[ArmAt + (2 * i) + 1] < _counts[ArmAt + (2 * victim) + 1])
            {
                victim = i;
            }
        }

        _keys[victim] = key;
        _counts[ArmAt + (2 * victim)] = 0;
        _counts[ArmAt + (2 * victim) + 1] = 0;
        return victim;
    }
}
