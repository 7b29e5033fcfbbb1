using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Telemetry;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Batch.Running;

/// <summary>What every part of a running job needs, in one place.</summary>
internal sealed class BatchRuntime
{
    public BatchRuntime(
        DbConnectionFactory connections,
        TimeProvider time,
        IdGenerator ids,
        IOptions<BatchOptions> options,
        JobRegistry jobs,
        JobRepository repository,
        BatchMetrics metrics,
        IServiceProvider services,
        ILogger<BatchRuntime> logger)
    {
        Connections = connections;
        Time = time;
        Ids = ids;
        Options = options.Value;
        Jobs = jobs;
        Repository = repository;
        Metrics = metrics;
        Services = services;
        Logger = logger;
        PartitionStore = new PartitionStore(connections, ids);
        Partitions = new PartitionRunner(this);
    }

    public DbConnectionFactory Connections { get; }

    public TimeProvider Time { get; }

    public IdGenerator Ids { get; }

    public BatchOptions Options { get; }

    public JobRegistry Jobs { get; }

    public JobRepository Repository { get; }

    public BatchMetrics Metrics { get; }

    public IServiceProvider Services { get; }

    public ILogger Logger { get; }

    public PartitionRunner Partitions { get; }

    public PartitionStore PartitionStore { get; }

    public long LeaseUntil() => (Time.GetUtcNow() + Options.LeaseDuration).ToUnixTimeMilliseconds();

    public long Now() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A lease owner unique to this run, so a restarted process on the same node is a different owner.</summary>
    public string NewOwner() => $"{Options.NodeName}/{Environment.ProcessId}/{Ids.NewId():N}";
}
