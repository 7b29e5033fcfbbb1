using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Testing.Profiles;

/// <summary>
/// A Mastodon instance's account endpoints as docs.joinmastodon.org documents them: methods/accounts ("Verify account
/// credentials", "Update account credentials": multipart <c>avatar</c>, bearer token), methods/profile ("Delete profile
/// avatar"), entities/Error (<c>{"error": "…"}</c>) and api/rate-limits (<c>X-RateLimit-Limit/Remaining/Reset</c>,
/// 429 when spent). Avatars over 2 MB (the default limit) or not PNG/JPEG/GIF/WebP are refused with 422.
/// </summary>
public sealed class FakeMastodon : IAsyncDisposable
{
    public const long AvatarLimit = 2 * 1024 * 1024;
    private const string MissingPath = "/avatars/original/missing.png";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private int _version;

    private FakeMastodon(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public string Token { get; set; } = "mastodon-token-" + Guid.NewGuid().ToString("N");

    /// <summary>The avatar the account shows now; null is the instance's default picture.</summary>
    public byte[]? Avatar { get; set; }

    public List<byte[]> Uploads { get; } = [];

    /// <summary>How many of the next avatar updates answer 429 with the rate limit spent for a minute.</summary>
    public int RateLimitedUpdates { get; set; }

    /// <summary>Called when an update has been applied, before the answer leaves (a test kills its worker here).</summary>
    public Func<HttpContext, Task>? AfterUpdate { get; set; }

    public static async Task<FakeMastodon> StartAsync(TimeProvider time, byte[]? avatar)
    {
        var app = LoopbackApp.Create();
        var fake = new FakeMastodon(app, time) { Avatar = avatar };
        app.MapGet("/api/v1/accounts/verify_credentials", fake.VerifyCredentials);
        app.MapPatch("/api/v1/accounts/update_credentials", (Func<HttpContext, Task<IResult>>)fake.UpdateCredentialsAsync);
        app.MapDelete("/api/v1/profile/avatar", fake.DeleteAvatar);
        app.MapGet("/avatars/{version}.png", (string version) => fake.Avatar is { } bytes ? Results.Bytes(bytes, "image/png") : Results.NotFound());
        fake.BaseUrl = await LoopbackApp.StartAsync(app);
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private IResult VerifyCredentials(HttpContext http)
    {
        if (Unauthorized(http) is { } refused)
        {
            return refused;
        }

        return Results.Json(Account());
    }

    private async Task<IResult> UpdateCredentialsAsync(HttpContext http)
    {
        if (Unauthorized(http) is { } refused)
        {
            return refused;
        }

        if (RateLimitedUpdates > 0)
        {
            RateLimitedUpdates--;
            http.Response.Headers["X-RateLimit-Remaining"] = "0";
            http.Response.Headers["X-RateLimit-Reset"] = _time.GetUtcNow().AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            return Results.Json(new { error = "Too many requests" }, statusCode: 429);
        }

        if (!http.Request.HasFormContentType)
        {
            return Error(422, "Validation failed: the request must be multipart/form-data");
        }

        var form = await http.Request.ReadFormAsync();
        if (form.Files["avatar"] is not { } file)
        {
            return Results.Json(Account()); // other fields only: nothing changes here
        }

        if (file.Length > AvatarLimit)
        {
            return Error(422, "Validation failed: Avatar file size must be less than 2 MB");
        }

        if (file.ContentType is not ("image/png" or "image/jpeg" or "image/gif" or "image/webp"))
        {
            return Error(422, "Validation failed: Avatar has contents that are not what they are reported to be");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        Avatar = buffer.ToArray();
        Uploads.Add(Avatar);
        _version++;
        if (AfterUpdate is { } after)
        {
            await after(http);
        }

        return Results.Json(Account());
    }

    private IResult DeleteAvatar(HttpContext http)
    {
        if (Unauthorized(http) is { } refused)
        {
            return refused;
        }

        Avatar = null;
        _version++;
        return Results.Json(Account());
    }

    private object Account()
    {
        var avatar = Avatar is null ? BaseUrl + MissingPath : $"{BaseUrl}/avatars/{_version}.png";
        return new { id = "109", username = "shop", acct = "shop", display_name = "The Shop", avatar, avatar_static = avatar };
    }

    private IResult? Unauthorized(HttpContext http)
    {
        http.Response.Headers["X-RateLimit-Limit"] = "300";
        http.Response.Headers["X-RateLimit-Remaining"] = "299";
        http.Response.Headers["X-RateLimit-Reset"] = _time.GetUtcNow().AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return http.Request.Headers.Authorization.ToString() == "Bearer " + Token ? null : Error(401, "The access token is invalid");
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
