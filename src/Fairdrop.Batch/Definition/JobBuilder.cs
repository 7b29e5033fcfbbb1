using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;

namespace Fairdrop.Batch.Definition;

/// <summary>Defines a job fluently: parameters, steps in order, and an optional schedule.</summary>
public sealed class JobBuilder(string name)
{
    private readonly List<ParameterSpec> _parameters = [];
    private readonly List<StepDefinition> _steps = [];
    private string _description = string.Empty;
    private JobSchedule? _schedule;

    public JobBuilder Describe(string description)
    {
        _description = description;
        return this;
    }

    public JobBuilder Parameter(string parameter, bool required = false, bool identifying = true, Func<string, bool>? isValid = null, string? description = null)
    {
        _parameters.Add(new ParameterSpec(parameter, required, identifying, isValid, description));
        return this;
    }

    public JobBuilder Chunk<TIn, TOut>(string step, Action<ChunkStepBuilder<TIn, TOut>> configure)
    {
        var builder = new ChunkStepBuilder<TIn, TOut>(step);
        configure(builder);
        return Step(builder.Build());
    }

    public JobBuilder Chunk<T>(string step, Action<ChunkStepBuilder<T, T>> configure) => Chunk<T, T>(step, configure);

    public JobBuilder Task(string step, Func<StepContext, CancellationToken, Task> work) => Step(new TaskStep(step, work));

    /// <summary>A chunk step split into partitions; <paramref name="threads"/> local workers, plus any other process's.</summary>
    public JobBuilder Partitioned<TIn, TOut>(string step, Func<JobParameters, IReadOnlyList<PartitionSpec>> partitioner, int threads, Action<ChunkStepBuilder<TIn, TOut>> configure)
    {
        var builder = new ChunkStepBuilder<TIn, TOut>(step);
        configure(builder);
        return Step(new PartitionedStep(step, partitioner, builder.Build(), threads));
    }

    public JobBuilder Step(StepDefinition step)
    {
        if (_steps.Any(s => s.Name == step.Name))
        {
            throw new InvalidOperationException($"Job '{name}' already has a step named '{step.Name}'.");
        }

        _steps.Add(step);
        return this;
    }

    /// <summary>Runs the job by itself; each occurrence is its own instance, identified by the <c>scheduled_at</c> parameter.</summary>
    public JobBuilder Schedule(JobSchedule schedule)
    {
        _schedule = schedule;
        _parameters.Add(new ParameterSpec("scheduled_at", false, true, null, "When the scheduler started this run (ISO 8601)."));
        return this;
    }

    public JobDefinition Build()
    {
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException($"Job '{name}' has no steps.");
        }

        return new JobDefinition(name, _description, _parameters, _steps, _schedule);
    }
}
