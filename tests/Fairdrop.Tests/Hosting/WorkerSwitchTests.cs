using Fairdrop.Core;
using Fairdrop.Core.Hosting;
using Fairdrop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Tests.Hosting;

/// <summary>The batch and exchange workers are switched by their options (RunWorkers), every one of them registered.</summary>
public sealed class WorkerSwitchTests
{
    [Fact]
    public async Task Modules_RegisterEverySwitchedWorker()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFairdropCore(configuration).AddFairdropModules(configuration);

        await using var provider = services.BuildServiceProvider();

        // Batch: worker and scheduler; exchange: matching and dispatch.
        Assert.Equal(4, provider.GetServices<IHostedService>().OfType<OptionalHostedService>().Count());
    }
}
