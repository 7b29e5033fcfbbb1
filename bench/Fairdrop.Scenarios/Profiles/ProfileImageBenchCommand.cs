using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Fairdrop.Scenarios.Profiles;

/// <summary><c>fairdrop-bench profile-image</c>: avatars per second on one core against a plain decode → resize → encode.</summary>
internal static class ProfileImageBenchCommand
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "Avatars made by each path.", DefaultValueFactory = _ => 400 };
        var samples = new Option<string?>("--samples") { Description = "Also write a few sources and their avatars to this folder." };
        var command = new Command("profile-image", "Profile avatars from 1000 × 1000 JPEGs on one core versus a plain decode → resize → PNG with SkiaSharp, same run.")
        {
            images,
            samples,
        };
        command.SetAction(parseResult =>
        {
            // One core, as the issue asks: the process is pinned to the first CPU.
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            {
                Process.GetCurrentProcess().ProcessorAffinity = 1;
            }

            var sources = ProfileImageSources.Create(8);
            var result = ProfileImageBenchmark.Run(sources, Math.Max(8, parseResult.GetValue(images)), parseResult.GetValue(samples));
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"profile-image: {result.Images:N0} avatars from 1000 × 1000 JPEGs, one core",
            [
                ("baseline (decode, resize, PNG) images/s", result.BaselinePerSecond.ToString("N1", f)),
                ("fairdrop avatar images/s", result.PerSecond.ToString("N1", f)),
                ("ratio (fairdrop / baseline)", result.Ratio.ToString("0.00", f)),
                ("managed bytes allocated per avatar (baseline)", $"{result.ManagedBytesPerImage:N0} ({result.BaselineManagedBytesPerImage:N0})"),
                ("pixel buffers per avatar (decoded source + avatar)", result.DecodedBytesPerImage.ToString("N0", f)),
                ("peak working set of the process", result.PeakWorkingSetBytes.ToString("N0", f)),
            ],
            new
            {
                scenario = "profile-image",
                images = result.Images,
                images_per_s = Math.Round(result.PerSecond, 1),
                baseline_images_per_s = Math.Round(result.BaselinePerSecond, 1),
                ratio = Math.Round(result.Ratio, 3),
                managed_bytes_per_image = Math.Round(result.ManagedBytesPerImage),
                pixel_bytes_per_image = result.DecodedBytesPerImage,
                peak_working_set_bytes = result.PeakWorkingSetBytes,
            });
            return result.Ratio >= 0.5 ? 0 : 1;
        });
        return command;
    }
}
