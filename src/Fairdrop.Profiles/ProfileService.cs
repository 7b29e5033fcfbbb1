using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Outbound;
using Fairdrop.Exchange.Channels;
using Fairdrop.Profiles.Imaging;
using Fairdrop.Profiles.Model;
using Fairdrop.Profiles.Networks;
using Fairdrop.Profiles.Rotations;
using Fairdrop.Profiles.Storage;
using Fairdrop.Profiles.Templates;

namespace Fairdrop.Profiles;

/// <summary>A merchant's social profiles, avatar template and previews. Every read and write is scoped to the merchant.</summary>
public sealed class ProfileService
{
    public const int MaxCredentialLength = 4096;

    private readonly ProfileStore _profiles;
    private readonly NetworkAdapters _adapters;
    private readonly ProfileImages _images;
    private readonly OutboundGuard _guard;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal ProfileService(ProfileStore profiles, NetworkAdapters adapters, ProfileImages images, OutboundGuard guard, IdGenerator ids, TimeProvider time)
    {
        _profiles = profiles;
        _adapters = adapters;
        _images = images;
        _guard = guard;
        _ids = ids;
        _time = time;
    }

    public async Task<Result<CreatedSocialProfile>> CreateAsync(Guid merchantId, NewSocialProfile input, CancellationToken cancellationToken)
    {
        if (input.Network is not { } network || _adapters.Find(network) is null)
        {
            return Error.Validation("network", $"network must be one of: {string.Join(", ", _adapters.Names.Order(StringComparer.Ordinal))}.");
        }

        // Credentials and images travel to it: https only, unless the operator allow-listed the host (an internal one).
        if (_guard.CheckUrl(input.BaseUrl, "baseUrl", httpsOnly: true) is { } refused)
        {
            return refused;
        }

        var secret = input.Credential;
        if (network == WebhookAdapter.Name && string.IsNullOrEmpty(secret))
        {
            secret = WebhookSigner.NewSecret();
        }

        if (secret is not { Length: > 0 and <= MaxCredentialLength })
        {
            return Error.Validation("credential", $"credential is required (an access token or app password), at most {MaxCredentialLength} characters.");
        }

        if (network == BlueskyAdapter.Name && input.Handle is not { Length: > 0 })
        {
            return Error.Validation("handle", "handle is required for bluesky (the account's handle or DID).");
        }

        if (input.Handle is { Length: > 253 })
        {
            return Error.Validation("handle", "handle must be at most 253 characters.");
        }

        var row = new ProfileRow(_ids.NewId(), merchantId, network, input.BaseUrl!, input.Handle ?? string.Empty, secret, _time.GetUtcNow());
        await _profiles.InsertAsync(row, cancellationToken);
        return new CreatedSocialProfile(row.ToProfile(), network == WebhookAdapter.Name && string.IsNullOrEmpty(input.Credential) ? secret : null);
    }

    /// <summary>A new access token or app password (the old one revoked): what a stopped rotation needs before its retry.</summary>
    public async Task<Result<SocialProfile>> SetCredentialAsync(Guid merchantId, Guid profileId, string? credential, CancellationToken cancellationToken)
    {
        if (credential is not { Length: > 0 and <= MaxCredentialLength })
        {
            return Error.Validation("credential", $"credential is required, at most {MaxCredentialLength} characters.");
        }

        return await _profiles.SetCredentialAsync(merchantId, profileId, credential, cancellationToken)
            ? await GetAsync(merchantId, profileId, cancellationToken)
            : ProfileErrors.ProfileMissing();
    }

    public async Task<Result<SocialProfile>> GetAsync(Guid merchantId, Guid profileId, CancellationToken cancellationToken) =>
        await _profiles.GetAsync(merchantId, profileId, cancellationToken) is { } row ? row.ToProfile() : ProfileErrors.ProfileMissing();

    /// <summary>The merchant's profiles in creation order, after the cursor; the caller has checked the limit.</summary>
    public async Task<IReadOnlyList<SocialProfile>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken) =>
        [.. (await _profiles.ListAsync(merchantId, after, limit, cancellationToken)).Select(r => r.ToProfile())];

    public async Task<ProfileTemplate> TemplateAsync(Guid merchantId, CancellationToken cancellationToken) =>
        await _profiles.TemplateAsync(merchantId, cancellationToken) ?? ProfileTemplate.Default;

    public async Task<Result<ProfileTemplate>> SaveTemplateAsync(Guid merchantId, ProfileTemplate template, CancellationToken cancellationToken)
    {
        if (!TemplateRules.Validate(template).TryGetValue(out var valid, out var error))
        {
            return error;
        }

        await _profiles.SaveTemplateAsync(merchantId, valid, _time.GetUtcNow(), cancellationToken);
        return valid;
    }

    /// <summary>
    /// The avatar the merchant's template makes of <paramref name="imageUrl"/>, as PNG, shaped for <paramref name="network"/>
    /// (its size and mask; default mastodon). Fetched through the outbound guard like any rotation's image.
    /// </summary>
    public async Task<Result<byte[]>> PreviewAsync(Guid merchantId, string? imageUrl, string? badgeText, string? network, CancellationToken cancellationToken)
    {
        if (PreviewLimits(badgeText, network).TryGetValue(out var limits, out var invalid))
        {
            var made = await _images.CreateAsync(merchantId, imageUrl ?? string.Empty, badgeText, limits, cancellationToken);
            return made.TryGetValue(out var avatar, out var error) ? avatar.Bytes : error;
        }

        return invalid;
    }

    /// <summary>The same preview from image bytes (the command line's file), with the merchant's template or, without a merchant, the default one.</summary>
    public async Task<Result<byte[]>> PreviewImageAsync(Guid? merchantId, byte[] image, string? badgeText, string? network, CancellationToken cancellationToken)
    {
        if (PreviewLimits(badgeText, network).TryGetValue(out var limits, out var invalid))
        {
            var made = await _images.CreateAsync(merchantId, image, badgeText, limits, cancellationToken);
            return made.TryGetValue(out var avatar, out var error) ? avatar.Bytes : error;
        }

        return invalid;
    }

    /// <summary>The network's size and shape with no byte limit: a preview is always PNG, never squeezed into a JPEG.</summary>
    private Result<NetworkLimits> PreviewLimits(string? badgeText, string? network)
    {
        if (_adapters.Find(network ?? MastodonAdapter.Name) is not { } adapter)
        {
            return Error.Validation("network", $"network must be one of: {string.Join(", ", _adapters.Names.Order(StringComparer.Ordinal))}.");
        }

        return badgeText is { Length: > TemplateRules.MaxBadgeLength }
            ? Error.Validation("badgeText", $"badgeText must be at most {TemplateRules.MaxBadgeLength} characters.")
            : adapter.Limits with { MaxBytes = long.MaxValue };
    }
}
