using System.CommandLine;
using System.Reflection;

namespace Fairdrop.Cli;

/// <summary><c>fairdrop version</c>.</summary>
internal static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Command Create()
    {
        var command = new Command("version", "Print Fairdrop's version and the .NET runtime it runs on.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"fairdrop {Version} (.NET {Environment.Version})");
            return 0;
        });
        return command;
    }
}
