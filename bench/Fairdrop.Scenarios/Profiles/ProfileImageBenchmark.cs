using System.Diagnostics;
using Fairdrop.Profiles.Fetching;
using Fairdrop.Profiles.Imaging;
using SkiaSharp;

namespace Fairdrop.Scenarios.Profiles;

/// <summary>
/// Avatars per second on one thread: the module's whole path (header checks, decode, background trim and crop, mask,
/// badge, PNG within 1,000,000 bytes) against a plain decode → resize to 400 × 400 → PNG with the same library and
/// sampling, alternating in the same run.
/// </summary>
internal sealed class ProfileImageBenchmark
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);
    private static readonly RenderSpec Spec = new(400, AvatarMask.Circle, "DROP · FRI 9 PM", BadgePosition.Bottom, null, null);

    public sealed record Result(int Images, double PerSecond, double BaselinePerSecond, double ManagedBytesPerImage, double BaselineManagedBytesPerImage, long PeakWorkingSetBytes, long DecodedBytesPerImage)
    {
        public double Ratio => PerSecond / BaselinePerSecond;
    }

    public static Result Run(byte[][] sources, int images, string? samples)
    {
        // Warm both paths (JIT, Skia's first-use tables) before any timing.
        for (var i = 0; i < Math.Min(4, sources.Length); i++)
        {
            Ours(sources[i]);
            Plain(sources[i]);
        }

        if (samples is not null)
        {
            Directory.CreateDirectory(samples);
            for (var i = 0; i < Math.Min(4, sources.Length); i++)
            {
                File.WriteAllBytes(Path.Combine(samples, $"source-{i}.jpg"), sources[i]);
                File.WriteAllBytes(Path.Combine(samples, $"avatar-{i}.png"), Ours(sources[i]));
            }
        }

        // Alternating rounds, so machine noise (another build) falls on both paths alike.
        var (ours, plain) = (TimeSpan.Zero, TimeSpan.Zero);
        var (oursBytes, plainBytes) = (0L, 0L);
        for (var round = 0; round < images; round += sources.Length)
        {
            var batch = Math.Min(sources.Length, images - round);
            (ours, oursBytes) = Add(ours, oursBytes, Measure(sources, batch, Ours));
            (plain, plainBytes) = Add(plain, plainBytes, Measure(sources, batch, Plain));
        }

        var info = SKCodec.Create(SKData.CreateCopy(sources[0])).Info;
        return new Result(
            images, images / ours.TotalSeconds, images / plain.TotalSeconds, (double)oursBytes / images, (double)plainBytes / images,
            Process.GetCurrentProcess().PeakWorkingSet64, ((long)info.Width * info.Height * 4) + (400 * 400 * 4));
    }

    private static byte[] Ours(byte[] source)
    {
        var image = ImageInspector.Inspect(source, 40_000_000).Value!;
        return AvatarGenerator.Generate(image, Spec, 1_000_000).Value!.Bytes;
    }

    private static byte[] Plain(byte[] source)
    {
        using var decoded = SKBitmap.Decode(source);
        using var resized = decoded.Resize(new SKImageInfo(400, 400), Sampling);
        using var png = resized.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static (TimeSpan Time, long Bytes) Measure(byte[][] sources, int count, Func<byte[], byte[]> make)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            make(sources[i]);
        }

        return (clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    private static (TimeSpan, long) Add(TimeSpan time, long bytes, (TimeSpan Time, long Bytes) more) => (time + more.Time, bytes + more.Bytes);
}
