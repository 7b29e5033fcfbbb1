using System.Globalization;
using Fairdrop.Batch.Model;
using Fairdrop.Core.Errors;

namespace Fairdrop.Cli.Batch;

/// <summary>How batch commands print executions and errors.</summary>
internal static class BatchOutput
{
    /// <summary>Bad input and refused requests: one line on stderr, exit code 2.</summary>
    public static async Task<int> FailAsync(Error error)
    {
        await Console.Error.WriteLineAsync($"fairdrop: {error.Message}");
        return 2;
    }

    public static string Line(JobExecution e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Id}  {e.Status.ToString().ToLowerInvariant(),-9}  {e.JobName}  read {e.Counts.Read:N0}  written {e.Counts.Written:N0}  skipped {e.Counts.Skipped:N0}  {e.CreatedAt:u}");

    public static void Print(JobExecution e)
    {
        var f = CultureInfo.InvariantCulture;
        Console.WriteLine($"execution  {e.Id}");
        Console.WriteLine($"job        {e.JobName} {e.Parameters}");
        Console.WriteLine($"status     {e.Status.ToString().ToLowerInvariant()}{(e.ExitMessage is null ? string.Empty : ": " + e.ExitMessage)}");
        Console.WriteLine(string.Create(f, $"started    {e.StartedAt:u}   ended {e.EndedAt?.ToString("u", f) ?? "-"}   takeovers {e.Takeovers}{(e.RestartOf is { } r ? $"   restart of {r}" : string.Empty)}"));
        foreach (var s in e.Steps)
        {
            Console.WriteLine(string.Create(f,
                $"  step {s.StepName,-16} {s.Status.ToString().ToLowerInvariant(),-9} read {s.Counts.Read:N0}  written {s.Counts.Written:N0}  skipped {s.Counts.Skipped:N0}  retried {s.Counts.Retried:N0}  commits {s.Counts.Committed:N0}  checkpoint {s.Checkpoint ?? "-"}"));
        }
    }
}
