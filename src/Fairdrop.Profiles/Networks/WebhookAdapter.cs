using System.Globalization;
using System.Text;
using System.Text.Json;
using Fairdrop.Exchange.Channels;
using Fairdrop.Profiles.Imaging;
using Fairdrop.Profiles.Storage;

namespace Fairdrop.Profiles.Networks;

/// <summary>
/// The merchant's own endpoint: a JSON POST with the intent (<c>profile.avatar.assign</c> with the image in base64,
/// <c>profile.avatar.restore</c> without one: the receiver keeps its own previous picture), signed as Standard Webhooks
/// (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>) with the profile's secret.
/// </summary>
internal sealed class WebhookAdapter(IHttpClientFactory clients, TimeProvider time) : INetworkAdapter
{
    public const string Name = "webhook";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Network => Name;

    public NetworkLimits Limits { get; } = new(400, 2 * 1024 * 1024, AvatarMask.Circle);

    public Task<NetworkResult<CurrentAvatar>> ReadCurrentAsync(ProfileRow profile, CancellationToken cancellationToken) =>
        Task.FromResult(NetworkResult<CurrentAvatar>.Done(new CurrentAvatar(null, null)));

    public async Task<NetworkResult<bool>> SetAsync(ProfileRow profile, CurrentAvatar avatar, string intent, Guid rotationId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(
            new
            {
                type = "profile.avatar." + intent,
                profileId = profile.Id,
                rotationId,
                mediaType = avatar.MediaType,
                image = avatar.Bytes is { } bytes ? Convert.ToBase64String(bytes) : null,
            },
            Json);
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, profile.BaseUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(profile.Credential, id, timestamp, body));
        using var response = await clients.CreateClient(NetworkClients.Name).SendAsync(request, cancellationToken);
        return await NetworkResponses.FailureAsync<bool>(response, Name, time.GetUtcNow(), cancellationToken) ?? NetworkResult<bool>.Done(true);
    }
}
