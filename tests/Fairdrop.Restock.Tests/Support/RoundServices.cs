using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Intake;
using Fairdrop.Restock.Rounds;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Tests.Support;

/// <summary>
/// A <see cref="RoundRunner"/> as the server composes it: the batch framework (no background workers) with the job a
/// round is, over <paramref name="connections"/> (the test database, or a factory that crashes).
/// </summary>
internal static class RoundServices
{
    public static ServiceProvider Create(TestDatabase db, DbConnectionFactory connections, TimeProvider time, RestockOptions restock, DispatchHandoff handoff, string node = "test")
    {
        var settings = new Dictionary<string, string?>(db.Settings)
        {
            ["Fairdrop:Batch:RunWorkers"] = "false",
            ["Fairdrop:Batch:NodeName"] = node,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time);
        services.AddSingleton(connections);
        services.AddSingleton(Options.Create(restock));
        services.AddSingleton(Options.Create(new ExchangeOptions()));
        services.AddSingleton(handoff);
        services.AddFairdropCore(configuration).AddFairdropBatch(configuration);
        services.AddBatchJob(RoundJob.Name, RoundJob.Define);
        services.AddSingleton<ExchangeIntake>();
        services.AddSingleton<RoundRunner>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
