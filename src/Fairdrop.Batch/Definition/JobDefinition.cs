using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Errors;

namespace Fairdrop.Batch.Definition;

/// <summary>A job: a name, the parameters it accepts, its steps in order and an optional schedule.</summary>
public sealed class JobDefinition(string name, string description, IReadOnlyList<ParameterSpec> parameters, IReadOnlyList<StepDefinition> steps, JobSchedule? schedule)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public IReadOnlyList<ParameterSpec> Parameters { get; } = parameters;

    public IReadOnlyList<StepDefinition> Steps { get; } = steps;

    public JobSchedule? Schedule { get; } = schedule;

    /// <summary>Checks parameters against the declared ones: unknown, missing and malformed values are errors.</summary>
    public Error? Validate(JobParameters values)
    {
        foreach (var (key, value) in values.Values)
        {
            var spec = Parameters.FirstOrDefault(p => p.Name == key);
            if (spec is null)
            {
                return BatchErrors.InvalidParameters($"Job '{Name}' has no parameter '{key}'.", key);
            }

            if (spec.IsValid is { } isValid && !isValid(value))
            {
                return BatchErrors.InvalidParameters($"Parameter '{key}' of job '{Name}' has an invalid value '{value}'.", key);
            }
        }

        var missing = Parameters.FirstOrDefault(p => p.Required && values[p.Name] is null);
        return missing is null ? null : BatchErrors.InvalidParameters($"Job '{Name}' needs the parameter '{missing.Name}'.", missing.Name);
    }

    /// <summary>The job instance key: identifying parameters only.</summary>
    public string InstanceKey(JobParameters values) =>
        values.Key(name => Parameters.FirstOrDefault(p => p.Name == name)?.Identifying ?? true);
}
