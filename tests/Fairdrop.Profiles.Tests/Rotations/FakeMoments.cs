using Fairdrop.Profiles.Model;

namespace Fairdrop.Profiles.Tests.Rotations;

/// <summary>Drop and restock state set by the test, as the host's reader would read it from the drops and restock modules.</summary>
internal sealed class FakeMoments : IProfileMoments
{
    private readonly Dictionary<string, ProfileMoment> _moments = new(StringComparer.Ordinal);

    public void Set(string subject, ProfileMoment moment) => _moments[subject] = moment;

    public Task<ProfileMoment> ReadAsync(Guid merchantId, string rule, string subject, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(_moments.GetValueOrDefault(subject, ProfileMoment.Unknown));
}
