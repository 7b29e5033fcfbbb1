using Fairdrop.Core.Errors;
using Fairdrop.Profiles.Fetching;
using Fairdrop.Profiles.Model;
using Fairdrop.Profiles.Networks;
using Fairdrop.Profiles.Storage;
using Fairdrop.Profiles.Templates;

namespace Fairdrop.Profiles.Imaging;

/// <summary>Fetch → check → render with the merchant's template → encode for a network: the one path of previews and rotations.</summary>
internal sealed class ProfileImages(ImageFetcher fetcher, ProfileStore profiles)
{
    public async Task<Result<EncodedAvatar>> CreateAsync(Guid merchantId, string imageUrl, string? badgeText, NetworkLimits limits, CancellationToken cancellationToken)
    {
        if (!(await fetcher.FetchAsync(imageUrl, cancellationToken)).TryGetValue(out var source, out var error))
        {
            return error;
        }

        var template = await profiles.TemplateAsync(merchantId, cancellationToken) ?? ProfileTemplate.Default;
        return AvatarGenerator.Generate(source, TemplateRules.Spec(template, badgeText, limits), limits.MaxBytes);
    }
}
