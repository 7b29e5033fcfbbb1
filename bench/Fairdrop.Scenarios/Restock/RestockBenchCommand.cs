using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Scenarios.Restock;

/// <summary><c>fairdrop-bench restock</c>: the whole restock path against the storage floor.</summary>
internal static class RestockBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var subscribers = new Option<int>("--subscribers") { Description = "Waiting shoppers.", DefaultValueFactory = _ => 1_000_000 };
        var units = new Option<long>("--units") { Description = "Units restocked.", DefaultValueFactory = _ => 300_000 };
        var lockSites = new Option<bool>("--lock-sites")
        {
            Description = "Also show SQLite's write lock time per kind of write transaction (named from the stack, which costs some microseconds a transaction).",
        };
        var inFlightBound = new Option<int>("--in-flight-bound")
        {
            Description = "Deliveries per channel handed over without a recorded outcome (docs/adr/0014); 0 turns the send ledger off, to compare.",
            DefaultValueFactory = _ => new Fairdrop.Exchange.ExchangeOptions().InFlightBound,
        };
        var command = new Command("restock", "From a restock message to every due alert handed to a null channel, versus a prepared insert loop.")
        {
            subscribers,
            units,
            lockSites,
            inFlightBound,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>(storage.ToSettings(parseResult))
            {
                ["Fairdrop:Exchange:RunWorkers"] = "false",
                ["Fairdrop:Batch:RunWorkers"] = "false",
                ["Fairdrop:Restock:WaveInterval"] = "00:00:00",
                ["Fairdrop:Exchange:DispatchBatchSize"] = "1000",
                ["Fairdrop:Exchange:InFlightBound"] = parseResult.GetValue(inFlightBound).ToString(CultureInfo.InvariantCulture),
            };
            using var scratch = ScratchStorage.For(settings);
            var channels = new[] { new NullChannel(Channel.Email), new NullChannel(Channel.InApp), new NullChannel(Channel.Sms), new NullChannel(Channel.WebPush) };
            await using var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken, s =>
            {
                s.RemoveAll<IChannel>();
                foreach (var channel in channels)
                {
                    s.AddSingleton<IChannel>(channel);
                }
            });
            SqliteWriteGate.TagSites = parseResult.GetValue(lockSites);
            var result = await RestockBenchmark.RunAsync(services, parseResult.GetValue(subscribers), parseResult.GetValue(units),
                () => channels.Sum(c => c.Sent), step => Console.Error.WriteLine($"bench restock: {step}"), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            if (result.WriteLockSites.Count > 0)
            {
                BenchReport.Table("SQLite write lock by transaction", [.. result.WriteLockSites.Select(s => (
                    s.Site, $"{s.Held.TotalSeconds.ToString("N2", f)} s in {s.Transactions:N0} ({(s.Held.TotalMilliseconds * 1000 / Math.Max(1, result.Alerts)).ToString("N1", f)} µs an alert)"))]);
            }

            BenchReport.Print($"restock: {result.Subscribers:N0} waiting, {result.Units:N0} units on {result.Provider}",
            [
                ("alerts (sent, null channel)", $"{result.Alerts:N0} ({result.Delivered:N0}, {result.NullChannelSent:N0})"),
                ("in-flight bound (0: no send ledger)", parseResult.GetValue(inFlightBound).ToString(f)),
                ("restock path alerts/s", result.AlertsPerSecond.ToString("N0", f)),
                ("  restock → delivery rows/s (dispatcher alongside)", result.WritePerSecond.ToString("N0", f)),
                ("  dispatch after the last row, s", result.DispatchTailSeconds.ToString("N1", f)),
                ("SQLite write lock held, s (share of the run)", $"{result.WriteLockHeld.TotalSeconds.ToString("N1", f)} ({(result.WriteLockHeld / result.Elapsed).ToString("P0", f)})"),
                ("  writers waiting for it, s (added up)", result.WriteLockWaited.TotalSeconds.ToString("N1", f)),
                ("CPU, µs an alert (cores busy)", $"{(result.Cpu.TotalMilliseconds * 1000 / Math.Max(1, result.Alerts)).ToString("N1", f)} ({(result.Cpu / result.Elapsed).ToString("N2", f)})"),
                ("allocated, bytes an alert (collections)", $"{result.AllocatedBytes / Math.Max(1, result.Alerts):N0} ({result.Collections:N0})"),
                ("floor (prepared loop) rows/s", result.FloorRowsPerSecond.ToString("N0", f)),
                ("ratio", result.Ratio.ToString("0.00", f)),
                ("peak RSS MB", result.PeakRssMb.ToString("N0", f)),
            ],
            new
            {
                scenario = "restock",
                provider = result.Provider,
                alerts = result.Alerts,
                in_flight_bound = parseResult.GetValue(inFlightBound),
                write_per_s = Math.Round(result.WritePerSecond),
                dispatch_tail_s = Math.Round(result.DispatchTailSeconds, 1),
                alerts_per_s = Math.Round(result.AlertsPerSecond),
                floor_rows_per_s = Math.Round(result.FloorRowsPerSecond),
                ratio = Math.Round(result.Ratio, 3),
                write_lock_held_s = Math.Round(result.WriteLockHeld.TotalSeconds, 1),
                write_lock_held_share = Math.Round(result.WriteLockHeld / result.Elapsed, 3),
                peak_rss_mb = Math.Round(result.PeakRssMb),
                cpu_us_per_alert = Math.Round(result.Cpu.TotalMilliseconds * 1000 / Math.Max(1, result.Alerts), 1),
                allocated_bytes_per_alert = result.AllocatedBytes / Math.Max(1, result.Alerts),
            });
            return result.Alerts == result.Delivered && result.Alerts == result.NullChannelSent ? 0 : 1;
        });
        return command;
    }
}
