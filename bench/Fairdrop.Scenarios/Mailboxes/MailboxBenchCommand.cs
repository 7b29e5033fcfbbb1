using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;
using Fairdrop.Mailboxes.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Mailboxes;

/// <summary><c>fairdrop-bench mailbox</c>: list, search and count with a permission time range predicate against the same queries without one.</summary>
internal static class MailboxBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var messages = new Option<int>("--messages") { Description = "Messages in all, spread over the accounts and the last year.", DefaultValueFactory = _ => 1_000_000 };
        var accounts = new Option<int>("--accounts") { Description = "Mailbox accounts.", DefaultValueFactory = _ => 100 };
        var rounds = new Option<int>("--rounds") { Description = "Queries per operation and range, each paired with its baseline.", DefaultValueFactory = _ => 300 };
        var command = new Command("mailbox", "List, search and count inside a permission time range against the same queries without one (target: ratio >= 0.9).")
        {
            messages,
            accounts,
            rounds,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            using var scratch = ScratchStorage.For(settings);
            settings["Fairdrop:Batch:RunWorkers"] = "false";
            settings["Fairdrop:Exchange:RunWorkers"] = "false";
            void Progress(string s) => Console.Error.WriteLine($"bench mailbox: {s}");
            await using var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var seeded = await MailboxBenchSeed.SeedAsync(services, parseResult.GetValue(messages), parseResult.GetValue(accounts), now, Progress, cancellationToken);
            Progress("measuring");
            var timings = await MailboxBenchmark.RunAsync(services.GetRequiredService<MessageStore>(), seeded.Accounts, now, parseResult.GetValue(rounds), cancellationToken);
            var f = CultureInfo.InvariantCulture;
            var worst = timings.Min(t => t.Ratio);
            BenchReport.Print(
                $"mailbox: {parseResult.GetValue(messages):N0} messages over {parseResult.GetValue(accounts)} accounts ({(settings.ContainsKey("Fairdrop:Storage:Postgres") ? "PostgreSQL" : "SQLite")})",
                [.. timings.Select(t => ($"{t.Operation}, {t.Range}: ranged / unranged per s · totals' ratio · median pair ratio",
                    $"{t.RangedPerSecond.ToString("0", f)} / {t.BaselinePerSecond.ToString("0", f)} · {t.TotalsRatio.ToString("0.00", f)} · {t.Ratio.ToString("0.00", f)}")),
                 ("lowest median pair ratio (unranged time / ranged time)", worst.ToString("0.00", f))],
                new
                {
                    scenario = "mailbox",
                    database = settings.ContainsKey("Fairdrop:Storage:Postgres") ? "postgres" : "sqlite",
                    messages = parseResult.GetValue(messages),
                    accounts = parseResult.GetValue(accounts),
                    rounds = parseResult.GetValue(rounds),
                    operations = timings.Select(t => new { operation = t.Operation, range = t.Range, ranged_per_s = Math.Round(t.RangedPerSecond, 1), unranged_per_s = Math.Round(t.BaselinePerSecond, 1), totals_ratio = Math.Round(t.TotalsRatio, 3), ratio = Math.Round(t.Ratio, 3) }),
                    ratio = Math.Round(worst, 3),
                });
            return 0;
        });
        return command;
    }
}
