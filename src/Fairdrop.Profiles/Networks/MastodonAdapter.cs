using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Fairdrop.Profiles.Fetching;
using Fairdrop.Profiles.Imaging;
using Fairdrop.Profiles.Storage;

namespace Fairdrop.Profiles.Networks;

/// <summary>
/// Mastodon, as documented at docs.joinmastodon.org: <c>GET /api/v1/accounts/verify_credentials</c> (methods/accounts,
/// "Verify account credentials") for the current avatar URL, <c>PATCH /api/v1/accounts/update_credentials</c> with a
/// multipart <c>avatar</c> ("Update account credentials") to set one, <c>DELETE /api/v1/profile/avatar</c>
/// (methods/profile, 4.2+) to go back to the default; OAuth bearer token with <c>read:accounts</c>/<c>write:accounts</c>.
/// Avatars are shown at 400 × 400 and limited to 2 MB by default (instances may differ); rate limits as in api/rate-limits.
/// </summary>
internal sealed class MastodonAdapter(IHttpClientFactory clients, ImageFetcher fetcher, TimeProvider time) : INetworkAdapter
{
    public const string Name = "mastodon";

    public string Network => Name;

    public NetworkLimits Limits { get; } = new(400, 2 * 1024 * 1024, AvatarMask.Rounded);

    public async Task<NetworkResult<CurrentAvatar>> ReadCurrentAsync(ProfileRow profile, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, profile, "/api/v1/accounts/verify_credentials");
        using var response = await Client.SendAsync(request, cancellationToken);
        if (await NetworkResponses.FailureAsync<CurrentAvatar>(response, Name, time.GetUtcNow(), cancellationToken) is { } failure)
        {
            return failure;
        }

        var account = await response.Content.ReadFromJsonAsync<Account>(cancellationToken);
        if (account?.Avatar is not { Length: > 0 } url || url.EndsWith("/missing.png", StringComparison.Ordinal))
        {
            return NetworkResult<CurrentAvatar>.Done(new CurrentAvatar(null, null)); // the instance's default picture
        }

        // The avatar's URL comes from the network's answer: it is fetched through the same guard as any image.
        var image = await fetcher.FetchBytesAsync(url, cancellationToken);
        return image.TryGetValue(out var bytes, out var error)
            ? NetworkResult<CurrentAvatar>.Done(new CurrentAvatar(bytes, ImageSniffer.AvatarMediaType(bytes)), NetworkResponses.NotBefore(response, time.GetUtcNow()))
            : NetworkResult<CurrentAvatar>.Retry("the current avatar could not be downloaded: " + error.Message);
    }

    public async Task<NetworkResult<bool>> SetAsync(ProfileRow profile, CurrentAvatar avatar, string intent, Guid rotationId, CancellationToken cancellationToken)
    {
        using var request = avatar.Bytes is null
            ? Request(HttpMethod.Delete, profile, "/api/v1/profile/avatar")
            : Request(HttpMethod.Patch, profile, "/api/v1/accounts/update_credentials");
        if (avatar.Bytes is { } bytes)
        {
            var file = new ByteArrayContent(bytes);
            var mediaType = avatar.MediaType ?? ImageSniffer.Png;
            file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            request.Content = new MultipartFormDataContent { { file, "avatar", "avatar." + mediaType["image/".Length..] } };
        }

        using var response = await Client.SendAsync(request, cancellationToken);
        return await NetworkResponses.FailureAsync<bool>(response, Name, time.GetUtcNow(), cancellationToken)
            ?? NetworkResult<bool>.Done(true, NetworkResponses.NotBefore(response, time.GetUtcNow()));
    }

    private HttpClient Client => clients.CreateClient(NetworkClients.Name);

    private static HttpRequestMessage Request(HttpMethod method, ProfileRow profile, string path)
    {
        var request = new HttpRequestMessage(method, profile.BaseUrl.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", profile.Credential);
        return request;
    }

    private sealed record Account([property: JsonPropertyName("avatar")] string? Avatar);
}
