using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Tests.Model;

public sealed class RecipientStateTests
{
    private const int Day = 20_000;

    [Fact]
    public void Observe_OneTrial_CountsOnTheChannelTheDaypartAndTheArm()
    {
        var state = new RecipientState();

        state.Observe(channel: 1, bucket: 22, engaged: true, Day);
        state.Observe(channel: 1, bucket: 22, engaged: false, Day);

        Assert.Equal((1f, 2f), state.Channel(1));
        Assert.Equal((1f, 2f), state.Daypart(WeekBuckets.Daypart(22)));
        Assert.Equal((1f, 2f), state.Arm(1, 22));
        Assert.Equal((0f, 0f), state.Arm(0, 22));
    }

    [Fact]
    public void DecayTo_OneHalfLifeLater_HalvesEveryCount()
    {
        var state = new RecipientState();
        state.Observe(0, 3, engaged: true, Day);

        state.DecayTo(Day + (int)RecipientState.HalfLifeDays);

        Assert.Equal(0.5f, state.Arm(0, 3).Successes, 5);
        Assert.Equal(0.5f, state.Channel(0).Trials, 5);
    }

    [Fact]
    public void Observe_AFloodInOneDay_CountsAtMostTheDailyCap()
    {
        var state = new RecipientState();

        var accepted = Enumerable.Range(0, 5000).Count(_ => state.Observe(2, 10, engaged: true, Day));

        Assert.Equal((int)RecipientState.MaxTrialsPerDay, accepted);
        Assert.Equal(RecipientState.MaxTrialsPerDay, state.Channel(2).Trials);
    }

    [Fact]
    public void Observe_ManyDistinctArms_KeepsAtMostMaxArmsAndEvictsTheLeastTried()
    {
        var state = new RecipientState();
        for (var i = 0; i < 5; i++)
        {
            state.Observe(0, 0, engaged: true, Day + i); // a well-tried arm
        }

        for (var b = 1; b < WeekBuckets.Count; b++)
        {
            state.Observe(1, b, engaged: false, Day + 10 + b);
        }

        Assert.Equal(RecipientState.MaxArms, state.ArmCount);
        Assert.Equal(RecipientState.MaxArms, state.Arms().Count());
        Assert.True(state.Arm(0, 0).Trials > 0, "the most-tried arm survives eviction");
    }

    [Fact]
    public void Serialize_RoundTrip_KeepsEveryCountInAFixedSize()
    {
        var state = new RecipientState();
        state.Observe(0, 5, engaged: true, Day);
        state.Observe(3, 40, engaged: false, Day + 1);

        var bytes = state.Serialize();
        var back = RecipientState.Deserialize(bytes);

        Assert.Equal(RecipientState.SerializedSize, bytes.Length);
        Assert.Equal(213, bytes.Length);
        Assert.Equal(state.Day, back.Day);
        Assert.Equal(state.Arm(0, 5), back.Arm(0, 5));
        Assert.Equal(state.Arm(3, 40), back.Arm(3, 40));
        Assert.Equal(state.Channel(3), back.Channel(3));
        Assert.Equal(2, back.ArmCount);
        Assert.Equal(bytes, back.Serialize());
    }

    [Fact]
    public void Deserialize_AnotherLayout_StartsEmptyRatherThanMisreading()
    {
        var state = RecipientState.Deserialize(new byte[17]);

        Assert.Equal(0, state.ArmCount);
        Assert.Equal((0f, 0f), state.Channel(0));
    }
}
