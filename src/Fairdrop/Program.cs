using Fairdrop.Cli;

namespace Fairdrop;

/// <summary>The <c>fairdrop</c> command line; with no command it serves.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args) => FairdropCommand.InvokeAsync(args);
}
