using Fairdrop.Core.Ids;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Core.Tests.Ids;

public sealed class IdGeneratorTests
{
    [Fact]
    public void NewId_IsVersion7WithTheClocksMillisecond()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var id = new IdGenerator(time).NewId();

        Assert.Equal(7, id.Version);
        var hex = id.ToString("N");
        var millis = Convert.ToInt64(hex[..12], 16);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), millis);
    }

    [Fact]
    public void NewId_LaterClock_SortsAfterAsText()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var ids = new IdGenerator(time);
        var earlier = ids.NewId();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var later = ids.NewId();

        // Text order is what SQLite sorts by; it must agree with time order.
        Assert.True(string.CompareOrdinal(earlier.ToString("D"), later.ToString("D")) < 0);
    }
}
