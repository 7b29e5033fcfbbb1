using System.CommandLine;
using Fairdrop.Cli.Batch;

namespace Fairdrop.Cli;

/// <summary><c>fairdrop batch list|status|run|restart|jobs|worker</c>: batch jobs from the command line.</summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var command = new Command("batch", "List, inspect, run and restart batch jobs.");
        command.Subcommands.Add(BatchQueryCommands.CreateJobs());
        command.Subcommands.Add(BatchQueryCommands.CreateList());
        command.Subcommands.Add(BatchQueryCommands.CreateStatus());
        command.Subcommands.Add(BatchRunCommands.CreateRun());
        command.Subcommands.Add(BatchRunCommands.CreateRestart());
        command.Subcommands.Add(BatchRunCommands.CreateWorker());
        return command;
    }
}
