using System.CommandLine;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Running;
using Fairdrop.Core.Errors;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Fairdrop.Cli.Batch;

/// <summary><c>fairdrop batch run|restart|worker</c>: runs in this process, with a live progress display on a terminal.</summary>
internal static class BatchRunCommands
{
    public static Command CreateRun()
    {
        var storage = new StorageArguments();
        var job = new Argument<string>("job") { Description = "The job's name (see 'fairdrop batch jobs')." };
        var parameters = new Argument<string[]>("parameters") { Description = "Parameters as name=value.", Arity = ArgumentArity.ZeroOrMore };
        var rerun = new Option<bool>("--rerun") { Description = "Run again even if this job already completed with these parameters." };
        var command = new Command("run", "Run a job now, in this process; a failed earlier run with the same parameters resumes from its checkpoint.")
        {
            job,
            parameters,
            rerun,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var text in parseResult.GetValue(parameters) ?? [])
            {
                var parts = text.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0)
                {
                    return await BatchOutput.FailAsync(BatchErrors.InvalidParameters($"'{text}' is not name=value."));
                }

                pairs.Add(new(parts[0], parts[1]));
            }

            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var launcher = services.GetRequiredService<JobLauncher>();
            var prepared = await launcher.PrepareAsync(parseResult.GetValue(job)!, JobParameters.From(pairs), parseResult.GetValue(rerun), cancellationToken);
            return await ExecuteAsync(services, prepared, cancellationToken);
        });
        return command;
    }

    public static Command CreateRestart() => ExecutionCommand.Create(
        "restart", "Restart a failed execution from its last committed chunk, in this process.", "The failed execution's id.", async (services, executionId, cancellationToken) =>
        {
            var prepared = await services.GetRequiredService<JobLauncher>().PrepareRestartAsync(executionId, cancellationToken);
            return await ExecuteAsync(services, prepared, cancellationToken);
        });

    public static Command CreateWorker()
    {
        var storage = new StorageArguments();
        var command = new Command("worker", "Work on partitions and take over abandoned executions until stopped (Ctrl+C); 'serve' does this too.");
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var worker = services.GetRequiredService<BatchWorker>();
            await worker.StartAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await worker.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(IServiceProvider services, Result<PreparedExecution> prepared, CancellationToken cancellationToken)
    {
        if (!prepared.TryGetValue(out var ready, out var error))
        {
            return await BatchOutput.FailAsync(error);
        }

        var run = services.GetRequiredService<JobLauncher>().ExecuteAsync(ready, cancellationToken);
        if (!Console.IsOutputRedirected)
        {
            await ShowProgressAsync(services.GetRequiredService<JobRepository>(), ready, run);
        }

        var execution = await run;
        BatchOutput.Print(execution);
        return execution.Status == BatchStatus.Completed ? 0 : 1;
    }

    /// <summary>A live display of the running step's counts; the total is unknown, so it shows counts rather than a percentage.</summary>
    private static Task ShowProgressAsync(JobRepository repository, PreparedExecution prepared, Task<JobExecution> run) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"{prepared.Job.Name}", maxValue: prepared.Job.Steps.Count);
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(250, CancellationToken.None));
                    if (await repository.GetAsync(prepared.ExecutionId, CancellationToken.None) is { } e)
                    {
                        var c = e.Counts;
                        task.Value = e.Steps.Count(s => s.Status == BatchStatus.Completed);
                        task.Description = Markup.Escape($"{prepared.Job.Name}: read {c.Read:N0}, written {c.Written:N0}, skipped {c.Skipped:N0}");
                    }
                }

                task.Value = task.MaxValue;
            });
}
