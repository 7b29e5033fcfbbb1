using System.Text.Json;
using Dapper;
using Fairdrop.Cli;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Series;
using Fairdrop.Restock.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Scenarios.Series;

/// <summary>
/// The executable's own services (exchange, restock and its real series holds) over a scratch database, and a shop:
/// one in-app sender, N recipients bound to in-app user ids with consent, a product with stock for every hold, and
/// the "back in stock, hold a pair?" series.
/// </summary>
internal sealed class SeriesBenchShop : IAsyncDisposable
{
    public const string ProductId = "bench-sneaker";
    public const string HoldButton = "Hold my pair";
    public const string Title = "Red sneaker is back";
    public const string Body = "Hold a pair for 15 minutes?";
    public const string HeldTitle = "Held";

    private SeriesBenchShop(ServiceProvider services, string database, Guid merchantId, Guid senderId, StoredSeries series)
    {
        Services = services;
        Database = database;
        MerchantId = merchantId;
        SenderId = senderId;
        Series = series;
    }

    public ServiceProvider Services { get; }

    public string Database { get; }

    public Guid MerchantId { get; }

    public Guid SenderId { get; }

    public StoredSeries Series { get; }

    public static string UserId(int i) => $"u{i}";

    public static async Task<SeriesBenchShop> CreateAsync(IReadOnlyDictionary<string, string?> storage, int recipients, long stock, Action<string> progress, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(storage)
        {
            ["Fairdrop:Exchange:RunWorkers"] = "false",
            ["Fairdrop:Restock:RunWorkers"] = "false",
            ["Fairdrop:Batch:RunWorkers"] = "false",
            ["Fairdrop:Profiles:RunWorkers"] = "false",
            ["Fairdrop:Exchange:MatchChunkSize"] = "1000",
            ["Fairdrop:Exchange:DispatchBatchSize"] = "1000",
        };
        var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken, s => s.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)));
        try
        {
            var database = services.GetRequiredService<DbConnectionFactory>().Dialect.Name;
            var time = services.GetRequiredService<TimeProvider>();
            var (merchant, _) = await services.GetRequiredService<MerchantStore>().CreateAsync("bench-series", cancellationToken);
            var now = time.GetUtcNow();
            var sender = new Sender(
                Guid.CreateVersion7(now), merchant.Id, "Bench", "Bench", "bench@fairdrop.test", null,
                new SenderRules([Channel.InApp], ConsentRequired: [Channel.InApp]), WebhookSigner.NewSecret(), now, now);
            await services.GetRequiredService<SenderStore>().InsertAsync(sender, cancellationToken);

            progress($"{database}: writing {recipients:N0} recipients bound to in-app users");
            var store = services.GetRequiredService<RecipientStore>();
            var consent = new Consent("bench", "In-app messages", now);
            var attributes = JsonDocument.Parse("{\"tier\":\"gold\"}").RootElement;
            for (var start = 0; start < recipients; start += 5_000)
            {
                var chunk = Enumerable.Range(start, Math.Min(5_000, recipients - start)).Select(i => new RecipientInput(
                    $"r{i}", attributes, new Contacts(InAppUserId: UserId(i)), new Dictionary<Channel, Consent> { [Channel.InApp] = consent }, RecipientRules.Default)).ToList();
                await store.UpsertAsync(merchant.Id, chunk, cancellationToken);
            }

            var stocked = await services.GetRequiredService<ProductStore>().UpsertAsync(
                merchant.Id, [new ProductInput(ProductId, null, "Red sneaker", "https://shop.example/p/red-sneaker", null, stock)], cancellationToken);
            if (!stocked.IsSuccess)
            {
                throw new InvalidOperationException("The bench product was refused.");
            }

            var created = await services.GetRequiredService<SeriesService>().CreateAsync(merchant.Id, Definition(sender.Id), cancellationToken);
            var series = created.TryGetValue(out var s, out var error) ? s : throw new InvalidOperationException($"{error.Code}: {error.Message}");
            return new SeriesBenchShop(services, database, merchant.Id, sender.Id, series);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Offer (body and two buttons: hold then goto, or unsubscribe), then the held step carrying the hold's expiry.</summary>
    public static SeriesDefinition Definition(Guid senderId) => new(
        "Bench back in stock",
        senderId,
        "offer",
        [
            new SeriesStep(
                "offer",
                new StepMessage(Title, Body, null),
                [
                    new ExpectedReply(["YES"], HoldButton, [new SeriesAction("hold", Target: "product", Id: ProductId, Units: 1, Minutes: 15), new SeriesAction("goto", Step: "held")]),
                    new ExpectedReply(["NO"], "No thanks", [new SeriesAction("unsubscribe", Text: "Done, no more messages.")]),
                ],
                null,
                null,
                null),
            new SeriesStep("held", new StepMessage(HeldTitle, "Held until {{ data.hold.expiresAt }}.", null), null, null, null, null),
        ]);

    /// <summary>Each in-app user's inbox message from one distribution, by user id.</summary>
    public async Task<Dictionary<string, Guid>> InboxOfAsync(Guid distributionId, CancellationToken cancellationToken)
    {
        await using var connection = await Services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string UserId, Guid Id)>(new CommandDefinition(
            "SELECT i.user_id, i.id FROM exchange_inbox i JOIN exchange_deliveries d ON d.id = i.delivery_id WHERE d.distribution_id = @distributionId",
            new { distributionId },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.UserId, r => r.Id, StringComparer.Ordinal);
    }

    public async Task<long> CountAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await Services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
