using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.Sdk;

/// <summary><c>fairdrop-bench sdk-streams</c>: the memory each idle SDK stream costs one server (target ≤ 20 KB).</summary>
internal static class SdkStreamsBenchCommand
{
    private const double TargetBytes = 20 * 1024;

    public static Command Create()
    {
        var storage = new StorageArguments();
        var streams = new Option<int>("--streams") { Description = "Idle streams to hold open at once.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("sdk-streams", "Hold idle browser-SDK event streams open against one fairdrop serve process and report its memory per stream.") { streams };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(streams);
            if (count <= 200)
            {
                await Console.Error.WriteLineAsync("fairdrop-bench: --streams must be more than 200 (the warm-up).");
                return 2;
            }

            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);
            var result = await SdkStreamsBenchmark.RunAsync(settings, count, s => Console.Error.WriteLine($"bench sdk-streams: {s}"), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            BenchReport.Print($"sdk-streams: {result.Streams:N0} idle streams on one server",
            [
                ("server resident memory before / after (MB)", $"{result.ResidentBefore / 1048576.0:0.0} / {result.ResidentAfter / 1048576.0:0.0}"),
                ("memory per stream (KB)", (result.BytesPerStream / 1024).ToString("0.0", f)),
                ("ratio (20 KB target / per stream)", (TargetBytes / result.BytesPerStream).ToString("0.00", f)),
                ("streams opened per second", result.OpenedPerSecond.ToString("N0", f)),
                ("server healthy with them open", result.Healthy ? "yes" : "no"),
            ],
            new
            {
                scenario = "sdk-streams",
                streams = result.Streams,
                resident_before_bytes = result.ResidentBefore,
                resident_after_bytes = result.ResidentAfter,
                bytes_per_stream = Math.Round(result.BytesPerStream),
                ratio = Math.Round(TargetBytes / result.BytesPerStream, 3),
                opened_per_s = Math.Round(result.OpenedPerSecond),
                healthy = result.Healthy,
            });
            return result.Healthy ? 0 : 1;
        });
        return command;
    }
}
