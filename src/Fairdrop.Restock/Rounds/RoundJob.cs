using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// The batch job a restock round is: one job instance per round (parameter <c>round</c>), one execution from its
/// opening to its end, whose chunk step <c>alerts</c> reads the round's candidates from its checkpoint and writes
/// their alerts and deliveries. Between waves and while sold out the execution is paused, without a lease.
/// </summary>
public static class RoundJob
{
    public const string Name = "restock-round";
    public const string RoundParameter = "round";
    public const string Step = "alerts";

    public static JobParameters ParametersOf(Guid roundId) => JobParameters.Empty.With(RoundParameter, roundId.ToString("D"));

    internal static void Define(JobBuilder job) => job
        .Describe("Releases one restock round's alerts, wave by wave, exactly once per subscription.")
        .Parameter(RoundParameter, required: true, isValid: s => Guid.TryParse(s, out _), description: "The round (restock_rounds.id).")
        .Chunk<RoundCandidate>(Step, step => step
            .ChunkSize(ChunkSizeOf)
            .Reader(context =>
            {
                var services = context.Services;
                var connections = services.GetRequiredService<DbConnectionFactory>();
                var time = services.GetRequiredService<TimeProvider>();
                var options = services.GetRequiredService<IOptions<RestockOptions>>().Value;
                var opener = new WaveOpener(connections, services.GetRequiredService<IdGenerator>(), options, services.GetRequiredService<ExchangeIntake>());
                var partitioned = new PartitionedWave(connections, time, options, services.GetRequiredService<JobLauncher>());
                return new RoundReader(connections, time, opener, partitioned, Guid.Parse(context.Parameters[RoundParameter]!), context.Fence!);
            })
            .Writer(RoundWriter.Create)
            .RetryOn<TimeoutException>(maxRetries: 3));

    /// <summary>2,000 on SQLite, 10,000 on PostgreSQL, unless <see cref="RestockOptions.ChunkSize"/> says otherwise.</summary>
    internal static int ChunkSizeOf(StepContext context) =>
        context.Services.GetRequiredService<IOptions<RestockOptions>>().Value.ChunkSizeFor(context.Services.GetRequiredService<DbConnectionFactory>().Dialect.Name);
}
