using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Testing.WebPush;

/// <summary>
/// A push service in Kestrel on a free loopback port (real HTTP): checks the VAPID JWT as RFC 8292 says (ES256 over
/// header.claims with the key in <c>k</c>, aud = this origin, exp within 24 h), decrypts each message with the
/// subscriber's private key, and answers 201 unless a status was queued for the next requests.
/// </summary>
public sealed class PushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, PushSubscriber> _subscribers = new(StringComparer.Ordinal);

    private PushService(WebApplication app, TimeProvider time)
    {
        _app = app;
        Time = time;
    }

    public string Origin { get; private set; } = string.Empty;

    public ConcurrentQueue<Received> Received { get; } = new();

    /// <summary>Statuses answered to the next requests, in order; 201 once empty.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>The VAPID public key the JWT's <c>k</c> must equal, when set.</summary>
    public string? ExpectedVapidKey { get; set; }

    /// <summary>The clock VAPID expiry is checked against (the harness's fake one).</summary>
    public TimeProvider Time { get; }

    public static async Task<PushService> StartAsync(TimeProvider time)
    {
        var app = LoopbackApp.Create();
        var service = new PushService(app, time);
        app.MapPost("/push/{id}", service.ReceiveAsync);
        service.Origin = await LoopbackApp.StartAsync(app);
        return service;
    }

    /// <summary>A new browser subscription on this service: its endpoint and the subscriber who can decrypt for it.</summary>
    public (string Endpoint, PushSubscriber Subscriber) Subscribe()
    {
        var id = Guid.NewGuid().ToString("N");
        var subscriber = new PushSubscriber();
        _subscribers[id] = subscriber;
        return ($"{Origin}/push/{id}", subscriber);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Dispose();
        }
    }

    private async Task<IResult> ReceiveAsync(string id, HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var plaintext = _subscribers.TryGetValue(id, out var subscriber) ? subscriber.Decrypt(body) : null;
        var vapid = VerifyVapid(request.Headers.Authorization.ToString());
        Received.Enqueue(new Received(
            id,
            plaintext,
            body.Length,
            vapid,
            request.Headers.ContentEncoding.ToString(),
            request.Headers["TTL"].ToString(),
            request.Headers["Urgency"].ToString(),
            request.Headers["Topic"].ToString()));
        if (vapid is null)
        {
            return Results.StatusCode(401);
        }

        return Results.StatusCode(Answers.TryDequeue(out var status) ? status : 201);
    }

    /// <summary>The verified JWT's audience, or null when the header is missing, malformed or does not verify.</summary>
    private string? VerifyVapid(string header)
    {
        if (!header.StartsWith("vapid ", StringComparison.Ordinal))
        {
            return null;
        }

        var parameters = header["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parameters.TryGetValue("t", out var jwt) || !parameters.TryGetValue("k", out var k) || (ExpectedVapidKey is not null && k != ExpectedVapidKey))
        {
            return null;
        }

        var parts = jwt.Split('.');
        var key = Base64Url.DecodeFromChars(k);
        if (parts.Length != 3 || key.Length != 65)
        {
            return null;
        }

        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key[1..33], Y = key[33..] } });
        if (!ecdsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
        {
            return null;
        }

        using var head = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var exp = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        var aud = claims.RootElement.GetProperty("aud").GetString();
        var sub = claims.RootElement.GetProperty("sub").GetString() ?? string.Empty;
        var now = Time.GetUtcNow();
        var valid = head.RootElement.GetProperty("alg").GetString() == "ES256" && aud == Origin && exp > now && exp <= now.AddHours(24)
            && (sub.StartsWith("mailto:", StringComparison.Ordinal) || sub.StartsWith("https://", StringComparison.Ordinal));
        return valid ? aud : null;
    }
}

/// <summary>One request the push service got: the decrypted plaintext (null when it did not decrypt) and the headers that matter.</summary>
public sealed record Received(string SubscriptionId, byte[]? Plaintext, int BodyLength, string? VapidAudience, string ContentEncoding, string Ttl, string Urgency, string Topic);
