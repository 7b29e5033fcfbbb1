using Fairdrop.Core.Errors;
using Fairdrop.Profiles.Fetching;
using Fairdrop.Profiles.Model;
using Fairdrop.Profiles.Networks;
using Fairdrop.Profiles.Storage;
using Fairdrop.Profiles.Templates;

namespace Fairdrop.Profiles.Imaging;

/// <summary>Fetch → check → render with the merchant's template → encode for a network: the one path of previews and rotations.</summary>
internal sealed class ProfileImages(ImageFetcher fetcher, ProfileStore profiles, Microsoft.Extensions.Options.IOptions<ProfilesOptions> options)
{
    public async Task<Result<EncodedAvatar>> CreateAsync(Guid merchantId, string imageUrl, string? badgeText, NetworkLimits limits, CancellationToken cancellationToken)
    {
        if (!(await fetcher.FetchAsync(imageUrl, cancellationToken)).TryGetValue(out var source, out var error))
        {
            return error;
        }

        return await GenerateAsync(merchantId, source, badgeText, limits, cancellationToken);
    }

    /// <summary>The same from image bytes at hand (a file on the operator's machine): the same checks before decoding.</summary>
    public async Task<Result<EncodedAvatar>> CreateAsync(Guid? merchantId, byte[] image, string? badgeText, NetworkLimits limits, CancellationToken cancellationToken) =>
        ImageInspector.Inspect(image, options.Value.MaxImagePixels).TryGetValue(out var source, out var error)
            ? await GenerateAsync(merchantId, source, badgeText, limits, cancellationToken)
            : error;

    private async Task<Result<EncodedAvatar>> GenerateAsync(Guid? merchantId, FetchedImage source, string? badgeText, NetworkLimits limits, CancellationToken cancellationToken)
    {
        var template = merchantId is { } id ? await profiles.TemplateAsync(id, cancellationToken) ?? ProfileTemplate.Default : ProfileTemplate.Default;
        return AvatarGenerator.Generate(source, TemplateRules.Spec(template, badgeText, limits), limits.MaxBytes);
    }
}
