using Fairdrop.Core;
using Fairdrop.Core.Hosting;
using Fairdrop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Tests.Hosting;

/// <summary>The batch, exchange (matching, dispatch, series, inbound batches), profiles, learner and mailbox (IMAP sync) workers are switched by their options (RunWorkers), every one of them registered.</summary>
public sealed class WorkerSwitchTests
{
    private static readonly string[] Workers = ["BatchScheduler", "BatchWorker", "DispatchWorker", "MatchingWorker", "SeriesWorker", "InboundWorker", "RotationWorker", "LearnerWorker", "MailboxSyncWorker"];

    [Fact]
    public async Task Modules_RegisterEverySwitchedWorker_AsTheBackgroundServiceItself()
    {
        await using var provider = Compose(runWorkers: true);

        // Batch: worker and scheduler; exchange: matching, dispatch, series timeouts and inbound batches; profiles: rotations; learner: updates and refits; mailboxes: the periodic IMAP sync. The host watches a BackgroundService's work
        // (and stops when it fails) only when it is given the BackgroundService itself, never a wrapper.
        var workers = provider.GetServices<IHostedService>().Where(s => Workers.Contains(s.GetType().Name)).ToList();
        Assert.Equal(Workers.Order(), workers.Select(s => s.GetType().Name).Order());
        Assert.All(workers, s => Assert.IsAssignableFrom<BackgroundService>(s));
    }

    [Fact]
    public async Task Modules_WorkersOff_RegisterStandIns()
    {
        await using var provider = Compose(runWorkers: false);

        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Equal(Workers.Length, hosted.Count(s => s.GetType().IsGenericType && s.GetType().GetGenericTypeDefinition() == typeof(OptionalHostedService.Switched<>)));
        Assert.DoesNotContain(hosted, s => Workers.Contains(s.GetType().Name));
    }

    private static ServiceProvider Compose(bool runWorkers)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fairdrop:Batch:RunWorkers"] = runWorkers.ToString(),
            ["Fairdrop:Exchange:RunWorkers"] = runWorkers.ToString(),
            ["Fairdrop:Profiles:RunWorkers"] = runWorkers.ToString(),
            ["Fairdrop:Learner:RunWorkers"] = runWorkers.ToString(),
            ["Fairdrop:Mailboxes:RunWorkers"] = runWorkers.ToString(),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFairdropCore(configuration).AddFairdropModules(configuration);
        return services.BuildServiceProvider();
    }
}
