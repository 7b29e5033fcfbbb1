using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Cli;

/// <summary>The root of the command line: every command hangs off it.</summary>
internal static class FairdropCommand
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("Fairdrop: fair restock alerts, traffic gate, fair drops and a communication exchange. With no command, runs 'serve'.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(MerchantsCommand.Create());
        root.Subcommands.Add(StaffCommand.Create());
        root.Subcommands.Add(Drops.DropsCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(Gate.RulesCommand.Create());
        root.Subcommands.Add(Gate.ProxyCommand.Create());
        root.Subcommands.Add(Restock.DemoCommand.Create());
        root.Subcommands.Add(Restock.RestockCommand.Create());
        root.Subcommands.Add(Profiles.ProfilesCommand.Create());
        root.Subcommands.Add(Mailboxes.MailboxCommand.Create());
        root.Subcommands.Add(Learner.LearnerCommand.Create());
        root.Subcommands.Add(SmsPrograms.SmsProgramsCommand.Create());

        // 'fairdrop' alone serves; so do bare configuration arguments (--Key=value), which is also how
        // WebApplicationFactory starts the app in tests.
        var serveByDefault = args.All(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal));
        var parseResult = root.Parse(serveByDefault ? ["serve", .. args] : args);
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (HostAbortedException)
        {
            // The test host stops the entry point once it has captured the built application.
            return 0;
        }
        catch (StartupException startup)
        {
            await Console.Error.WriteLineAsync($"fairdrop: {startup.Message}");
            return startup.ExitCode;
        }
    }
}
