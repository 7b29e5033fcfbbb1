using System.Diagnostics;
using System.Text.Json;
using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Scenarios.Exchange;

/// <summary>
/// The exchange's end-to-end path on a real database: a distribution matched (streaming, chunk by chunk, delivery
/// rows written) and every delivery claimed, rendered and sent through a null channel, in deliveries per second.
/// </summary>
internal static class ExchangeDeliveryBenchmark
{
    public static async Task<(string Database, long Sent, double PerSecond)> RunAsync(
        IReadOnlyDictionary<string, string?> storage, int recipients, Action<string> progress, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(storage)
        {
            ["Fairdrop:Exchange:RunWorkers"] = "false",
            ["Fairdrop:Exchange:MatchChunkSize"] = "1000",
            ["Fairdrop:Exchange:DispatchBatchSize"] = "1000",
        };
        var configuration = FairdropConfiguration.BuildForCommand(settings);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddFairdropCore(configuration);
        services.AddFairdropExchange(configuration);
        services.RemoveAll<IChannel>();
        var nullChannels = new[] { new NullChannel(Channel.Email), new NullChannel(Channel.InApp), new NullChannel(Channel.Webhook) };
        foreach (var channel in nullChannels)
        {
            services.AddSingleton<IChannel>(channel);
        }

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        var database = provider.GetRequiredService<DbConnectionFactory>().Dialect.Name;
        var time = provider.GetRequiredService<TimeProvider>();
        var (merchant, _) = await provider.GetRequiredService<MerchantStore>().CreateAsync("bench-" + Guid.NewGuid().ToString("N")[..8], cancellationToken);
        var now = time.GetUtcNow();
        var sender = new Sender(
            Guid.CreateVersion7(now), merchant.Id, "Bench", "Bench", "bench@fairdrop.test", null,
            new SenderRules([Channel.Email, Channel.InApp], Caps: new Caps(PerDay: 3, PerWeek: 10), ConsentRequired: [Channel.Email]),
            WebhookSigner.NewSecret(), now, now);
        await provider.GetRequiredService<SenderStore>().InsertAsync(sender, cancellationToken);

        progress($"{database}: writing {recipients:N0} recipients");
        var store = provider.GetRequiredService<RecipientStore>();
        var consent = new Consent("bench", null, now);
        var attributes = JsonDocument.Parse("{\"tier\":\"gold\"}").RootElement;
        for (var start = 0; start < recipients; start += 5_000)
        {
            var chunk = Enumerable.Range(start, Math.Min(5_000, recipients - start)).Select(i => new RecipientInput(
                $"r{i}",
                attributes,
                new Contacts(Email: $"r{i}@bench.test", InAppUserId: i % 3 == 0 ? $"u{i}" : null),
                i % 10 == 0 ? new Dictionary<Channel, Consent>() : new Dictionary<Channel, Consent> { [Channel.Email] = consent },
                new RecipientRules(i % 3 == 0 ? [Channel.InApp, Channel.Email] : [Channel.Email], i % 20 == 0 ? ["restock"] : null, null, "Europe/Berlin", new Caps(PerDay: 2)))).ToList();
            await store.UpsertAsync(merchant.Id, chunk, cancellationToken);
        }

        var content = new DistributionContent(
            Email: new EmailContent("{{ data.product }} is back", "<p>Hi {{ recipient.externalId }}</p>", "Hi {{ recipient.externalId }}"),
            InApp: new InAppContent("{{ data.product }}", "Hi {{ recipient.externalId }}"));
        var distribution = new Distribution(
            Guid.CreateVersion7(now), merchant.Id, sender.Id, "api", "restock", content, new Audience(),
            JsonDocument.Parse("{\"product\":\"Red shoes\"}").RootElement, null, "bench", Distribution.Matching, now, null);
        var (stored, _) = await provider.GetRequiredService<DistributionStore>().CreateAsync(distribution, cancellationToken);

        progress($"{database}: match → deliveries → null channel");
        var clock = Stopwatch.StartNew();
        await provider.GetRequiredService<DistributionMatchRunner>().RunAsync(merchant.Id, stored.Id, cancellationToken);
        var dispatcher = provider.GetRequiredService<DeliveryDispatcher>();
        while (await dispatcher.DispatchOnceAsync(cancellationToken) > 0)
        {
        }

        var elapsed = clock.Elapsed;
        var funnel = await provider.GetRequiredService<DeliveryStore>().FunnelAsync(merchant.Id, stored.Id, cancellationToken);
        var sent = funnel.ByStatus[DeliveryStatus.Sent];
        if (sent != nullChannels.Sum(c => c.Sent) || funnel.Matched != recipients)
        {
            throw new InvalidOperationException($"The funnel ({funnel.Matched} matched, {sent} sent) does not match the channels ({nullChannels.Sum(c => c.Sent)} sent).");
        }

        return (database, sent, sent / elapsed.TotalSeconds);
    }
}
