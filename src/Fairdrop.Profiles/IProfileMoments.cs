using Fairdrop.Profiles.Model;

namespace Fairdrop.Profiles;

/// <summary>
/// Reads drop and restock state for the rotation rules. The profiles module owns no drop or restock table and does not
/// reference those modules: the host implements this over their public queries (src/Fairdrop/Hosting/ProfileMoments.cs).
/// </summary>
public interface IProfileMoments
{
    /// <summary>The state of <paramref name="subject"/> (a drop id, a product id) under <paramref name="rule"/> (<c>drop</c> or <c>restock</c>), for <paramref name="merchantId"/>.</summary>
    Task<ProfileMoment> ReadAsync(Guid merchantId, string rule, string subject, DateTimeOffset since, CancellationToken cancellationToken);
}
