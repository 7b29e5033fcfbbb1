namespace Fairdrop.Batch.Definition;

/// <summary>The jobs this process knows, by name.</summary>
public sealed class JobRegistry
{
    private readonly Dictionary<string, JobDefinition> _jobs;

    public JobRegistry(IEnumerable<JobDefinition> jobs)
    {
        _jobs = new Dictionary<string, JobDefinition>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (!_jobs.TryAdd(job.Name, job))
            {
                throw new InvalidOperationException($"Two jobs are named '{job.Name}'.");
            }
        }
    }

    public IReadOnlyCollection<JobDefinition> All => _jobs.Values;

    public JobDefinition? Find(string name) => _jobs.GetValueOrDefault(name);
}
