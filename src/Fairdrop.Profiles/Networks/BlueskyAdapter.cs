using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fairdrop.Profiles.Fetching;
using Fairdrop.Profiles.Imaging;
using Fairdrop.Profiles.Storage;

namespace Fairdrop.Profiles.Networks;

/// <summary>
/// Bluesky (AT Protocol), as documented at docs.bsky.app (API reference): <c>com.atproto.server.createSession</c>
/// (handle + app password → access JWT and DID), <c>com.atproto.repo.getRecord</c> of <c>app.bsky.actor.profile</c>
/// <c>self</c> (the current avatar blob and the record's CID), <c>com.atproto.sync.getBlob</c> (its bytes),
/// <c>com.atproto.repo.uploadBlob</c> (raw body, Content-Type) and <c>com.atproto.repo.putRecord</c> with
/// <c>swapRecord</c> set to the CID read, so a profile edited meanwhile is not overwritten (<c>InvalidSwap</c>: read
/// again, once). The profile lexicon takes PNG or JPEG avatars of at most 1,000,000 bytes; clients show them round.
/// </summary>
internal sealed class BlueskyAdapter(IHttpClientFactory clients, TimeProvider time) : INetworkAdapter
{
    public const string Name = "bluesky";
    private const string Collection = "app.bsky.actor.profile";

    public string Network => Name;

    public NetworkLimits Limits { get; } = new(400, 1_000_000, AvatarMask.Circle);

    public async Task<NetworkResult<CurrentAvatar>> ReadCurrentAsync(ProfileRow profile, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(profile, cancellationToken);
        if (session.Value is not { } s)
        {
            return session.As<CurrentAvatar>();
        }

        var record = await RecordAsync(profile, s, cancellationToken);
        if (record.Value is not { } current)
        {
            return record.As<CurrentAvatar>();
        }

        if (current.Value?["avatar"]?["ref"]?["$link"]?.GetValue<string>() is not { } cid)
        {
            return NetworkResult<CurrentAvatar>.Done(new CurrentAvatar(null, null));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, Xrpc(profile, $"com.atproto.sync.getBlob?did={Uri.EscapeDataString(s.Did)}&cid={Uri.EscapeDataString(cid)}"));
        using var response = await Client.SendAsync(request, cancellationToken);
        if (await NetworkResponses.FailureAsync<CurrentAvatar>(response, Name, time.GetUtcNow(), cancellationToken) is { } failure)
        {
            return failure;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return NetworkResult<CurrentAvatar>.Done(new CurrentAvatar(bytes, ImageSniffer.AvatarMediaType(bytes)));
    }

    public async Task<NetworkResult<bool>> SetAsync(ProfileRow profile, CurrentAvatar avatar, string intent, Guid rotationId, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(profile, cancellationToken);
        if (session.Value is not { } s)
        {
            return session.As<bool>();
        }

        JsonNode? blob = null;
        if (avatar.Bytes is { } bytes)
        {
            var uploaded = await UploadAsync(profile, s, bytes, avatar.MediaType ?? ImageSniffer.Png, cancellationToken);
            if (uploaded.Value is null)
            {
                return uploaded.As<bool>();
            }

            blob = uploaded.Value;
        }

        // Someone may edit the profile between our read and our write: the swap fails, and one fresh read settles it.
        for (var attempt = 0; ; attempt++)
        {
            var record = await RecordAsync(profile, s, cancellationToken);
            if (record.Value is not { } current)
            {
                return record.As<bool>();
            }

            var value = current.Value?.DeepClone().AsObject() ?? new JsonObject { ["$type"] = Collection };
            value.Remove("avatar");
            if (blob is not null)
            {
                value["avatar"] = blob.DeepClone();
            }

            var put = await PutAsync(profile, s, value, current.Cid, cancellationToken);
            if (put.Outcome != NetworkOutcome.Stop || put.Reason?.Contains("InvalidSwap", StringComparison.Ordinal) != true || attempt == 1)
            {
                return put;
            }
        }
    }

    private async Task<NetworkResult<BlueskySession>> SessionAsync(ProfileRow profile, CancellationToken cancellationToken)
    {
        using var response = await Client.PostAsJsonAsync(
            Xrpc(profile, "com.atproto.server.createSession"), new { identifier = profile.Handle, password = profile.Credential }, cancellationToken);
        if (await NetworkResponses.FailureAsync<BlueskySession>(response, Name, time.GetUtcNow(), cancellationToken) is { } failure)
        {
            return failure;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return body?["accessJwt"]?.GetValue<string>() is { } jwt && body["did"]?.GetValue<string>() is { } did
            ? NetworkResult<BlueskySession>.Done(new BlueskySession(jwt, did))
            : NetworkResult<BlueskySession>.Retry("bluesky answered a session without a token");
    }

    private async Task<NetworkResult<ProfileRecord>> RecordAsync(ProfileRow profile, BlueskySession session, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Get, Xrpc(profile, $"com.atproto.repo.getRecord?repo={Uri.EscapeDataString(session.Did)}&collection={Collection}&rkey=self"), session);
        using var response = await Client.SendAsync(request, cancellationToken);
        if (await NetworkResponses.FailureAsync<ProfileRecord>(response, Name, time.GetUtcNow(), cancellationToken) is { } failure)
        {
            // An account that never saved a profile has no record: there is nothing to swap.
            return failure.Reason?.Contains("RecordNotFound", StringComparison.Ordinal) == true ? NetworkResult<ProfileRecord>.Done(new ProfileRecord(null, null)) : failure;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return NetworkResult<ProfileRecord>.Done(new ProfileRecord(body?["cid"]?.GetValue<string>(), body?["value"] as JsonObject));
    }

    private async Task<NetworkResult<JsonNode>> UploadAsync(ProfileRow profile, BlueskySession session, byte[] bytes, string mediaType, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Post, Xrpc(profile, "com.atproto.repo.uploadBlob"), session);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await Client.SendAsync(request, cancellationToken);
        if (await NetworkResponses.FailureAsync<JsonNode>(response, Name, time.GetUtcNow(), cancellationToken) is { } failure)
        {
            return failure;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return body?["blob"] is { } blob ? NetworkResult<JsonNode>.Done(blob) : NetworkResult<JsonNode>.Retry("bluesky answered an upload without a blob");
    }

    private async Task<NetworkResult<bool>> PutAsync(ProfileRow profile, BlueskySession session, JsonObject record, string? swapCid, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["repo"] = session.Did, ["collection"] = Collection, ["rkey"] = "self", ["record"] = record };
        if (swapCid is not null)
        {
            body["swapRecord"] = swapCid;
        }

        using var request = Authorized(HttpMethod.Post, Xrpc(profile, "com.atproto.repo.putRecord"), session);
        request.Content = JsonContent.Create(body);
        using var response = await Client.SendAsync(request, cancellationToken);
        return await NetworkResponses.FailureAsync<bool>(response, Name, time.GetUtcNow(), cancellationToken)
            ?? NetworkResult<bool>.Done(true, NetworkResponses.NotBefore(response, time.GetUtcNow()));
    }

    private HttpClient Client => clients.CreateClient(NetworkClients.Name);

    private static string Xrpc(ProfileRow profile, string method) => profile.BaseUrl.TrimEnd('/') + "/xrpc/" + method;

    private static HttpRequestMessage Authorized(HttpMethod method, string url, BlueskySession session)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessJwt);
        return request;
    }

    private sealed record BlueskySession(string AccessJwt, string Did);

    private sealed record ProfileRecord(string? Cid, JsonObject? Value);
}
