using Fairdrop.Drops;
using Fairdrop.Drops.Model;
using Fairdrop.Profiles;
using Fairdrop.Profiles.Model;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;

namespace Fairdrop.Hosting;

/// <summary>
/// The profiles module's view of drops and restock rounds, read through those modules' public queries (the profiles
/// module references neither). A drop has started when it is open, ended when sold out or past its closing time; a
/// restock rule has started when the product has a round opened since the rotation was made (round ids are UUIDv7, so
/// their first 48 bits are the opening time); its end is the rotation's own hours.
/// </summary>
internal sealed class ProfileMoments(DropQueries drops, ProductStore products, RestockAnalytics restock, TimeProvider time) : IProfileMoments
{
    public async Task<ProfileMoment> ReadAsync(Guid merchantId, string rule, string subject, DateTimeOffset since, CancellationToken cancellationToken) => rule switch
    {
        "drop" => await DropAsync(merchantId, subject, cancellationToken),
        "restock" => await RestockAsync(merchantId, subject, since, cancellationToken),
        _ => ProfileMoment.Unknown,
    };

    private async Task<ProfileMoment> DropAsync(Guid merchantId, string subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject, out var dropId) || !(await drops.GetAsync(merchantId, dropId, cancellationToken)).TryGetValue(out var drop, out _))
        {
            return ProfileMoment.Unknown;
        }

        var now = time.GetUtcNow();
        if (drop.Status == Drop.SoldOut || drop.UnitsLeft == 0 || now >= drop.ClosesAt)
        {
            return ProfileMoment.Ended;
        }

        // Open from its opening time, whether or not the opener has placed its pre-queue yet.
        return drop.Status == Drop.Open || now >= drop.OpensAt ? ProfileMoment.Started : ProfileMoment.NotYet;
    }

    private async Task<ProfileMoment> RestockAsync(Guid merchantId, string productId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (await products.GetAsync(merchantId, productId, cancellationToken) is null)
        {
            return ProfileMoment.Unknown;
        }

        // The funnel lists the product's rounds (one row each); a product never restocked has none yet.
        var rows = await restock.FunnelAsync(merchantId, productId, cancellationToken);
        return rows.Any(r => r.RoundId is { } id && OpenedAt(id) >= since) ? ProfileMoment.Started : ProfileMoment.NotYet;
    }

    private static DateTimeOffset OpenedAt(Guid v7)
    {
        Span<byte> bytes = stackalloc byte[16];
        v7.TryWriteBytes(bytes, bigEndian: true, out _);
        long ms = 0;
        for (var i = 0; i < 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
