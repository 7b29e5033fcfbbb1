using System.CommandLine;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios;

/// <summary><c>fairdrop-bench SCENARIO</c>: scenario benchmarks, each with a baseline measured in the same run.</summary>
internal static class ScenarioCommand
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("Fairdrop's scenario benchmarks: each prints a table, then one JSON line with the figures and the ratio to a baseline measured in the same run.");
        root.Subcommands.Add(Storage.StorageBenchCommand.Create());
        root.Subcommands.Add(Drops.DropsBenchCommand.Create());
        root.Subcommands.Add(Drops.DropsWaitingBenchCommand.Create());
        root.Subcommands.Add(Batch.BatchBenchCommand.Create());
        root.Subcommands.Add(Gate.GateBenchCommand.Create());
        root.Subcommands.Add(Exchange.ExchangeBenchCommand.Create());
        root.Subcommands.Add(Restock.RestockBenchCommand.Create());
        root.Subcommands.Add(Profiles.ProfileImageBenchCommand.Create());
        root.Subcommands.Add(Recommend.RecommendBenchCommand.Create());
        root.Subcommands.Add(Learner.LearnerBenchCommand.Create());
        root.Subcommands.Add(SmsPrograms.SmsProgramBenchCommand.Create());
        root.Subcommands.Add(ConsolePages.ConsoleBenchCommand.Create());
        root.Subcommands.Add(Mailboxes.MailboxBenchCommand.Create());
        root.Subcommands.Add(Sdk.SdkStreamsBenchCommand.Create());
        root.Subcommands.Add(Series.SeriesBenchCommand.Create());
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (StartupException startup)
        {
            // An unreachable database is one line and the same exit code as in the fairdrop command line.
            await Console.Error.WriteLineAsync($"fairdrop-bench: {startup.Message}");
            return startup.ExitCode;
        }
    }
}
