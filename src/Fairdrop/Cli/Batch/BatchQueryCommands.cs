using System.CommandLine;
using Fairdrop.Api;
using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Repository;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli.Batch;

/// <summary><c>fairdrop batch jobs|list|status</c>.</summary>
internal static class BatchQueryCommands
{
    public static Command CreateJobs()
    {
        var storage = new StorageArguments();
        var command = new Command("jobs", "List the jobs this installation can run, with their parameters.");
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            foreach (var job in services.GetRequiredService<JobRegistry>().All.OrderBy(j => j.Name, StringComparer.Ordinal))
            {
                var parameters = string.Join(' ', job.Parameters.Select(p => p.Required ? $"{p.Name}=…" : $"[{p.Name}=…]"));
                Console.WriteLine($"{job.Name}  {parameters}  {job.Description}");
            }

            return 0;
        });
        return command;
    }

    public static Command CreateList()
    {
        var storage = new StorageArguments();
        var job = new Option<string?>("--job") { Description = "Only executions of this job." };
        var limit = new Option<int>("--limit") { Description = $"How many, newest first (1-{Page.MaxLimit}).", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List executions, newest first, with their status and counts.")
        {
            job,
            limit,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(limit);
            if (Page.CheckLimit(count, "--limit") is { } error)
            {
                return await BatchOutput.FailAsync(error);
            }

            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var executions = await services.GetRequiredService<JobRepository>().ListAsync(null, count, parseResult.GetValue(job), cancellationToken);
            foreach (var execution in executions)
            {
                Console.WriteLine(BatchOutput.Line(execution));
            }

            return 0;
        });
        return command;
    }

    public static Command CreateStatus() => ExecutionCommand.Create(
        "status", "Show one execution: status, steps, counts and checkpoints.", "The execution id.", async (services, executionId, cancellationToken) =>
        {
            var execution = await services.GetRequiredService<JobRepository>().GetAsync(executionId, cancellationToken);
            if (execution is null)
            {
                return await BatchOutput.FailAsync(BatchErrors.ExecutionNotFound(executionId));
            }

            BatchOutput.Print(execution);
            return 0;
        });
}
