using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Tests.Engine;

public sealed class RuleCheckSlotsTests
{
    [Fact]
    public void TryEnter_BeyondTheMerchantsShare_IsRefusedUntilOneIsReleased()
    {
        var slots = new RuleCheckSlots(16);
        var merchant = Guid.NewGuid();
        var held = Enumerable.Range(0, RuleLimits.MaxConcurrentChecksPerMerchant).Select(_ => slots.TryEnter(merchant)).ToList();

        var refused = slots.TryEnter(merchant);
        var other = slots.TryEnter(Guid.NewGuid());
        held[0]!.Dispose();
        held[0]!.Dispose(); // twice gives back one slot, not two
        var again = slots.TryEnter(merchant);
        var third = slots.TryEnter(merchant);

        Assert.All(held, Assert.NotNull);
        Assert.Null(refused);
        Assert.NotNull(other);
        Assert.NotNull(again);
        Assert.Null(third);
    }

    [Fact]
    public void TryEnter_BeyondTheTotal_IsRefusedForEveryMerchant()
    {
        var slots = new RuleCheckSlots(2);
        var first = slots.TryEnter(Guid.NewGuid());
        var second = slots.TryEnter(Guid.NewGuid());

        var third = slots.TryEnter(Guid.NewGuid());
        first!.Dispose();
        var fourth = slots.TryEnter(Guid.NewGuid());

        Assert.NotNull(second);
        Assert.Null(third);
        Assert.NotNull(fourth);
    }
}
