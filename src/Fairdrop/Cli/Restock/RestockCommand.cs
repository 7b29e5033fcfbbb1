using System.CommandLine;

namespace Fairdrop.Cli.Restock;

/// <summary><c>fairdrop restock</c>: restock alerts from the command line.</summary>
internal static class RestockCommand
{
    public static Command Create()
    {
        var command = new Command("restock", "Restock alerts: waitlists, rounds and their funnel.");
        command.Subcommands.Add(RestockReportCommand.Create());
        return command;
    }
}
