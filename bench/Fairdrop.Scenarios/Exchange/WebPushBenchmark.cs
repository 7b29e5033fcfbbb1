using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fairdrop.Exchange.Channels.WebPush;

namespace Fairdrop.Scenarios.Exchange;

/// <summary>
/// <c>fairdrop-bench exchange --channel webpush</c>: encrypt-and-sign throughput on one core (RFC 8291 encryption with
/// a fresh ephemeral ECDH key per message, plus the VAPID header, cached per push service origin as real senders do)
/// against the baseline of AES-128-GCM alone over the same padded records, same run; then the ECDH and signing parts
/// alone, to show what the price above the baseline is made of.
/// </summary>
internal static class WebPushBenchmark
{
    private static readonly int[] Sizes = [128, 256, 512, 1024, 2048, WebPushEncryptor.MaxPlaintextLength];
    private static readonly string[] Origins = ["https://fcm.googleapis.com", "https://updates.push.services.mozilla.com", "https://web.push.apple.com", "https://wns2-par02p.notify.windows.com"];

    /// <summary>Adds <c>--channel webpush</c> and <c>--messages</c> to <c>bench exchange</c>.</summary>
    public static (Option<string?> Channel, Option<int> Messages) AddOptions(Command command)
    {
        var channel = new Option<string?>("--channel") { Description = "webpush: encrypt-and-sign throughput per core vs AES-GCM alone, instead of matching." };
        channel.AcceptOnlyFromAmong("webpush");
        var messages = new Option<int>("--messages") { Description = "Messages encrypted and signed with --channel webpush.", DefaultValueFactory = _ => 20_000 };
        command.Options.Add(channel);
        command.Options.Add(messages);
        return (channel, messages);
    }

    public static int Run(int messages)
    {
        if (messages < 1)
        {
            Console.Error.WriteLine("fairdrop-bench: --messages must be at least 1.");
            return 2;
        }

        Console.Error.WriteLine($"bench exchange --channel webpush: {messages:N0} messages, {Sizes.Length} payload sizes, {Origins.Length} push services");
        var subscribers = Enumerable.Range(0, 256).Select(_ => Subscriber()).ToArray();
        var payloads = Enumerable.Range(0, 64).Select(i => Payload(Sizes[i % Sizes.Length], i)).ToArray();
        var endpoints = Enumerable.Range(0, 64).Select(i => new Uri($"{Origins[i % Origins.Length]}/push/{i}")).ToArray();
        var keys = VapidKeys.Generate();
        using var warmTokens = new VapidTokens(keys, "mailto:bench@fairdrop.invalid", TimeSpan.FromHours(12), TimeProvider.System);

        // Warm up every path (JIT, OpenSSL contexts) before measuring.
        var warm = Math.Min(messages, 500);
        RunAesGcm(payloads, warm);
        RunFull(payloads, subscribers, endpoints, warmTokens, warm);
        RunEcdh(subscribers, warm);

        Console.Error.WriteLine("bench exchange --channel webpush: AES-GCM baseline");
        var (aesRate, aesBytes) = RunAesGcm(payloads, messages);
        Console.Error.WriteLine("bench exchange --channel webpush: encrypt and sign (RFC 8291 + VAPID)");
        // A fresh token cache, so the measured run pays for signing one token per origin, as a new sender process does.
        using var tokens = new VapidTokens(keys, "mailto:bench@fairdrop.invalid", TimeSpan.FromHours(12), TimeProvider.System);
        var (fullRate, fullBytes) = RunFull(payloads, subscribers, endpoints, tokens, messages);
        var signed = tokens.Signed;
        Console.Error.WriteLine("bench exchange --channel webpush: ECDH alone, ES256 signing alone");
        var ecdhRate = RunEcdh(subscribers, messages);
        var signRate = RunSign(tokens, Math.Max(1, messages / 4));

        var ratio = fullRate / aesRate;
        var ecdhShare = fullRate / ecdhRate;
        var signShare = signed / signRate / (messages / fullRate);
        var uncachedRate = 1 / (1 / fullRate + 1 / signRate);
        var f = CultureInfo.InvariantCulture;
        BenchReport.Print($"exchange --channel webpush: {messages:N0} messages, one core",
        [
            ("baseline (AES-128-GCM alone) messages/s", aesRate.ToString("N0", f)),
            ("encrypt and sign messages/s (one core)", fullRate.ToString("N0", f)),
            ("ratio (encrypt and sign / baseline)", ratio.ToString("0.0000", f)),
            ("ECDH (ephemeral key + agreement) alone, /s", ecdhRate.ToString("N0", f)),
            ("ECDH share of encrypt and sign", ecdhShare.ToString("P1", f)),
            ("ES256 signatures/s", signRate.ToString("N0", f)),
            ($"VAPID tokens signed (cached per origin, {Origins.Length} origins)", signed.ToString("N0", f)),
            ("signing share (with the cache)", signShare.ToString("P2", f)),
            ("messages/s if every message were signed", uncachedRate.ToString("N0", f)),
            ("bytes: plaintext → body", $"{aesBytes:N0} → {fullBytes:N0}"),
        ],
        new
        {
            scenario = "exchange_webpush",
            messages,
            messages_per_s = Math.Round(fullRate),
            aesgcm_per_s = Math.Round(aesRate),
            ratio = Math.Round(ratio, 5),
            ecdh_per_s = Math.Round(ecdhRate),
            ecdh_share = Math.Round(ecdhShare, 4),
            sign_per_s = Math.Round(signRate),
            vapid_signed = signed,
            vapid_cached_per_origin = true,
            sign_share = Math.Round(signShare, 6),
            uncached_messages_per_s = Math.Round(uncachedRate),
        });
        return 0;
    }

    /// <summary>The baseline: one AES-128-GCM seal per message over the same record (plaintext ‖ 0x02), key and nonce given.</summary>
    private static (double PerSecond, long Bytes) RunAesGcm(byte[][] payloads, int count)
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var payload = payloads[i % payloads.Length];
            var record = new byte[payload.Length + 1];
            payload.CopyTo(record, 0);
            record[^1] = 0x02;
            using var aes = new AesGcm(key, 16);
            aes.Encrypt(nonce, record, record, tag);
            bytes += payload.Length;
        }

        return (count / clock.Elapsed.TotalSeconds, bytes);
    }

    private static (double PerSecond, long Bytes) RunFull(byte[][] payloads, (byte[] Public, byte[] Auth)[] subscribers, Uri[] endpoints, VapidTokens tokens, int count)
    {
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var subscriber = subscribers[i % subscribers.Length];
            var body = WebPushEncryptor.Encrypt(payloads[i % payloads.Length], subscriber.Public, subscriber.Auth);
            _ = tokens.Authorization(endpoints[i % endpoints.Length]);
            bytes += body.Length;
        }

        return (count / clock.Elapsed.TotalSeconds, bytes);
    }

    /// <summary>What encryption pays per message for ECDH: a fresh ephemeral key, the subscriber's key imported, the agreement.</summary>
    private static double RunEcdh((byte[] Public, byte[] Auth)[] subscribers, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            using var peer = ECDiffieHellman.Create(P256.PublicParameters(subscribers[i % subscribers.Length].Public));
            _ = ephemeral.ExportParameters(false);
            _ = ephemeral.DeriveRawSecretAgreement(peer.PublicKey);
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static double RunSign(VapidTokens tokens, int count)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            _ = tokens.Sign(Origins[i % Origins.Length], expires);
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static (byte[] Public, byte[] Auth) Subscriber()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return (P256.ExportPublic(key.ExportParameters(false)), RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>A JSON push payload padded to exactly <paramref name="size"/> bytes, as the channel sends.</summary>
    private static byte[] Payload(int size, int seed)
    {
        var head = $"{{\"deliveryId\":\"{Guid.CreateVersion7()}\",\"title\":\"Back in stock #{seed}\",\"body\":\"";
        var body = new StringBuilder(head).Append('x', Math.Max(0, size - head.Length - 2)).Append("\"}").ToString();
        return Encoding.UTF8.GetBytes(body)[..size];
    }
}
