using Fairdrop.Profiles.Model;

namespace Fairdrop.Profiles;

/// <summary>The reader when the host wires none: every moment is unknown, so drop and restock rotations fail visibly.</summary>
internal sealed class NoProfileMoments : IProfileMoments
{
    public Task<ProfileMoment> ReadAsync(Guid merchantId, string rule, string subject, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(ProfileMoment.Unknown);
}
