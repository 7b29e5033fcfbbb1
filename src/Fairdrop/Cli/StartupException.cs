namespace Fairdrop.Cli;

/// <summary>A failure the operator can fix (unreachable database, busy port): printed as one line, never as a stack trace.</summary>
internal sealed class StartupException(string message, int exitCode = 2, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
