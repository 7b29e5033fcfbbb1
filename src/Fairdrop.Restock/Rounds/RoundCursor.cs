using System.Globalization;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// A round's place in line, as its job execution stores it (the chunk step's checkpoint): the keyset of the last
/// subscription alerted, in every order policy's terms (tier, creation time, id), as <c>tier:created-ms:id</c>.
/// </summary>
internal readonly record struct RoundCursor(long Tier, DateTimeOffset Created, Guid Id)
{
    public static RoundCursor Of(CandidateRow row) => new(row.Tier, row.CreatedAt, row.Id);

    public static RoundCursor? Parse(string? position)
    {
        if (position is null)
        {
            return null;
        }

        var parts = position.Split(':');
        return new RoundCursor(
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1], CultureInfo.InvariantCulture)),
            Guid.Parse(parts[2]));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Tier}:{Created.ToUnixTimeMilliseconds()}:{Id:D}");
}
