using System.CommandLine;
using Fairdrop.Batch.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli.Batch;

/// <summary>A batch command about one execution: its id as the argument, the storage options, the id checked before any database is opened.</summary>
internal static class ExecutionCommand
{
    public static Command Create(string name, string description, string idDescription, Func<ServiceProvider, Guid, CancellationToken, Task<int>> run)
    {
        var storage = new StorageArguments();
        var id = new Argument<string>("id") { Description = idDescription };
        var command = new Command(name, description);
        command.Arguments.Add(id);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!Guid.TryParse(parseResult.GetValue(id), out var executionId))
            {
                return await BatchOutput.FailAsync(BatchErrors.InvalidParameters($"'{parseResult.GetValue(id)}' is not an execution id.", "id"));
            }

            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            return await run(services, executionId, cancellationToken);
        });
        return command;
    }
}
