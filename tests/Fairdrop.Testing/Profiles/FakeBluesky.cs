using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Testing.Profiles;

/// <summary>
/// A Bluesky PDS's XRPC methods as docs.bsky.app's API reference documents them: com.atproto.server.createSession
/// (identifier + password → accessJwt, did; 401 <c>AuthenticationRequired</c>), com.atproto.repo.getRecord (400
/// <c>RecordNotFound</c>), com.atproto.repo.uploadBlob (raw body → <c>{"blob": {"$type": "blob", "ref": {"$link"}, "mimeType",
/// "size"}}</c>), com.atproto.repo.putRecord (400 <c>InvalidSwap</c> when <c>swapRecord</c> is not the current CID; the
/// app.bsky.actor.profile lexicon's avatar: image/png or image/jpeg, at most 1,000,000 bytes, else 400
/// <c>InvalidRequest</c>) and com.atproto.sync.getBlob; every answer carries <c>RateLimit-*</c> headers.
/// </summary>
public sealed class FakeBluesky : IAsyncDisposable
{
    public const long AvatarLimit = 1_000_000;
    public const string Did = "did:plc:fakeshop2kq3rvlhtwimx";

    private readonly WebApplication _app;
    private readonly Dictionary<string, (string MediaType, byte[] Bytes)> _blobs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);

    private FakeBluesky(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public string Handle { get; } = "shop.bsky.social";

    public string Password { get; set; } = "abcd-efgh-ijkl-mnop";

    /// <summary>The profile record and its CID (null: the account never saved a profile).</summary>
    public JsonObject? Record { get; private set; }

    public string? Cid { get; private set; }

    /// <summary>Every putRecord's swapRecord and whether it was accepted.</summary>
    public List<(string? SwapRecord, bool Accepted)> Puts { get; } = [];

    /// <summary>How many of the next putRecord calls answer 429 <c>RateLimitExceeded</c> with <c>Retry-After: 120</c>.</summary>
    public int RateLimitedPuts { get; set; }

    /// <summary>When set, the next putRecord finds the profile edited by someone else first (a new display name, a new CID).</summary>
    public bool EditBeforeNextPut { get; set; }

    public static async Task<FakeBluesky> StartAsync(TimeProvider time, byte[]? avatar)
    {
        var app = LoopbackApp.Create();
        var fake = new FakeBluesky(app);
        if (avatar is not null)
        {
            fake.SetRecord(new JsonObject { ["$type"] = "app.bsky.actor.profile", ["displayName"] = "The Shop", ["avatar"] = fake.StoreBlob("image/png", avatar) });
        }

        app.Use(async (http, next) =>
        {
            http.Response.Headers["RateLimit-Limit"] = "3000";
            http.Response.Headers["RateLimit-Remaining"] = "2999";
            http.Response.Headers["RateLimit-Reset"] = time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["RateLimit-Policy"] = "3000;w=300";
            await next(http);
        });
        app.MapPost("/xrpc/com.atproto.server.createSession", (Func<HttpContext, Task<IResult>>)fake.CreateSessionAsync);
        app.MapGet("/xrpc/com.atproto.repo.getRecord", fake.GetRecord);
        app.MapPost("/xrpc/com.atproto.repo.uploadBlob", (Func<HttpContext, Task<IResult>>)fake.UploadBlobAsync);
        app.MapPost("/xrpc/com.atproto.repo.putRecord", (Func<HttpContext, Task<IResult>>)fake.PutRecordAsync);
        app.MapGet("/xrpc/com.atproto.sync.getBlob", (string did, string cid) =>
            fake._blobs.TryGetValue(cid, out var blob) ? Results.Bytes(blob.Bytes, blob.MediaType) : Error(400, "BlobNotFound", "Blob not found"));
        fake.BaseUrl = await LoopbackApp.StartAsync(app);
        return fake;
    }

    /// <summary>The bytes of the avatar the profile shows now, or null.</summary>
    public byte[]? Avatar => Record?["avatar"]?["ref"]?["$link"]?.GetValue<string>() is { } cid ? _blobs[cid].Bytes : null;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> CreateSessionAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body);
        if (body?["identifier"]?.GetValue<string>() != Handle || body["password"]?.GetValue<string>() != Password)
        {
            return Error(401, "AuthenticationRequired", "Invalid identifier or password");
        }

        var jwt = "jwt-" + Guid.NewGuid().ToString("N");
        _sessions.Add(jwt);
        return Results.Json(new { accessJwt = jwt, refreshJwt = "refresh-" + jwt, handle = Handle, did = Did, active = true });
    }

    private IResult GetRecord(string repo, string collection, string rkey) =>
        repo != Did || collection != "app.bsky.actor.profile" || rkey != "self" || Record is null
            ? Error(400, "RecordNotFound", $"Could not locate record: at://{repo}/{collection}/{rkey}")
            : Results.Json(new JsonObject { ["uri"] = $"at://{Did}/app.bsky.actor.profile/self", ["cid"] = Cid, ["value"] = Record.DeepClone() });

    private async Task<IResult> UploadBlobAsync(HttpContext http)
    {
        if (!Authorized(http))
        {
            return Error(401, "AuthenticationRequired", "Authentication Required");
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        return Results.Json(new JsonObject { ["blob"] = StoreBlob(http.Request.ContentType ?? "application/octet-stream", buffer.ToArray()) });
    }

    private async Task<IResult> PutRecordAsync(HttpContext http)
    {
        if (!Authorized(http))
        {
            return Error(401, "AuthenticationRequired", "Authentication Required");
        }

        if (RateLimitedPuts > 0)
        {
            RateLimitedPuts--;
            http.Response.Headers["RateLimit-Remaining"] = "0";
            http.Response.Headers.RetryAfter = "120";
            return Error(429, "RateLimitExceeded", "Rate Limit Exceeded");
        }

        if (EditBeforeNextPut && Record is not null)
        {
            EditBeforeNextPut = false;
            var edited = (JsonObject)Record.DeepClone();
            edited["displayName"] = "The Shop (edited meanwhile)";
            SetRecord(edited);
        }

        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        var swap = body["swapRecord"]?.GetValue<string>();
        if (body["repo"]?.GetValue<string>() != Did || body["rkey"]?.GetValue<string>() != "self" || body["record"] is not JsonObject record)
        {
            return Error(400, "InvalidRequest", "Input must have the properties repo, collection, rkey and record");
        }

        if (swap is not null && swap != Cid)
        {
            Puts.Add((swap, false));
            return Error(400, "InvalidSwap", $"Record was at {Cid ?? "null"}");
        }

        if (record["avatar"] is JsonObject avatar
            && (avatar["mimeType"]?.GetValue<string>() is not ("image/png" or "image/jpeg") || avatar["size"]?.GetValue<long>() > AvatarLimit
                || !_blobs.ContainsKey(avatar["ref"]?["$link"]?.GetValue<string>() ?? string.Empty)))
        {
            return Error(400, "InvalidRequest", "Invalid app.bsky.actor.profile record: avatar must be an image/png or image/jpeg blob of at most 1000000 bytes");
        }

        Puts.Add((swap, true));
        SetRecord(record);
        return Results.Json(new { uri = $"at://{Did}/app.bsky.actor.profile/self", cid = Cid });
    }

    private bool Authorized(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is ['B', 'e', 'a', 'r', 'e', 'r', ' ', .. var jwt] && _sessions.Contains(jwt);

    private JsonObject StoreBlob(string mediaType, byte[] bytes)
    {
        var cid = "bafkrei" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..40];
        _blobs[cid] = (mediaType, bytes);
        return new JsonObject { ["$type"] = "blob", ["ref"] = new JsonObject { ["$link"] = cid }, ["mimeType"] = mediaType, ["size"] = bytes.Length };
    }

    private void SetRecord(JsonObject record)
    {
        Record = record;
        Cid = "bafyrei" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.ToJsonString())))[..40];
    }

    private static IResult Error(int status, string error, string message) => Results.Json(new { error, message }, statusCode: status);
}
