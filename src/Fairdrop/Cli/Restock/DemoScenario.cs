using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Restock;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Waitlist;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fairdrop.Cli.Restock;

/// <summary>
/// The story <c>fairdrop demo</c> tells, through the real services: a merchant and product, shoppers joining the
/// waitlist over email and in-app, a restock, then wave after wave on the accelerated clock — each wave written by
/// the round runner, sent by the exchange's dispatcher, and followed by shoppers clicking and buying, which lowers the
/// stock the next wave is sized from — until the product sells out again or everyone has been alerted.
/// </summary>
internal sealed class DemoScenario(IServiceProvider services, DemoClock clock, IDemoProgress progress)
{
    private const string ProductId = "sneaker-42";
    private const string ProductUrl = "https://shop.example/products/night-runner";
    private const double Price = 129.0;
    private const int MaxWaves = 100;

    public async Task<(Guid Merchant, IReadOnlyList<DemoWave> Waves)> RunAsync(int shoppers, long units, double inAppShare, CancellationToken cancellationToken)
    {
        var merchant = (await services.GetRequiredService<MerchantStore>().CreateAsync("Demo Sneakers", cancellationToken)).Merchant.Id;
        await services.GetRequiredService<ProductStore>().UpsertAsync(merchant,
            [new ProductInput(ProductId, "SNK-42-BLK", "Night Runner, black, 42", ProductUrl, null, 0)], cancellationToken);
        await SubscribeAsync(merchant, shoppers, inAppShare, cancellationToken);

        progress.Step($"restock: {units:N0} units arrive", 0);
        var stock = units;
        await ReceiveStockAsync(merchant, "demo-restock", stock, cancellationToken);
        var runner = services.GetRequiredService<RoundRunner>();
        var dispatcher = services.GetRequiredService<ExchangeDispatch>();
        var interval = services.GetRequiredService<IOptions<RestockOptions>>().Value.WaveInterval;
        var waves = new List<DemoWave>();
        var random = new Random(42);
        for (var wave = 1; wave <= MaxWaves; wave++)
        {
            var written = await runner.AdvanceAsync(cancellationToken);
            while (await dispatcher.DispatchOnceAsync(cancellationToken) > 0)
            {
            }

            if (written.Alerts == 0)
            {
                break;
            }

            var (clicks, bought) = await ShopAsync(merchant, wave, stock, random, cancellationToken);
            waves.Add(new DemoWave(wave, stock, written.Alerts, clicks, bought));
            stock -= bought;
            progress.Step($"wave {wave}: {written.Alerts:N0} alerts sent, {clicks:N0} clicks, {bought:N0} sold, {stock:N0} left", 100.0 * (units - stock) / units);
            await ReceiveStockAsync(merchant, $"demo-sales-{wave}", stock, cancellationToken);
            clock.Advance(interval);
        }

        return (merchant, waves);
    }

    private async Task SubscribeAsync(Guid merchant, int shoppers, double inAppShare, CancellationToken cancellationToken)
    {
        var waitlist = services.GetRequiredService<WaitlistService>();
        var inAppEvery = inAppShare <= 0 ? int.MaxValue : (int)Math.Round(1 / inAppShare);
        for (var i = 0; i < shoppers; i++)
        {
            var inApp = i % inAppEvery == inAppEvery - 1;
            var request = new SubscribeRequest(ProductId, inApp ? "in_app" : "email", inApp ? $"user-{i:D5}" : $"shopper{i:D5}@example.com",
                "Email me or notify me in the app when it is back in stock.");
            var result = await waitlist.SubscribeAsync(merchant, request, cancellationToken);
            if (!result.TryGetValue(out _, out var error))
            {
                throw new InvalidOperationException($"The demo could not subscribe shopper {i}: {error}");
            }

            // Shoppers join over the hours before the restock; the clock moves so "oldest first" has an order to keep.
            clock.Advance(TimeSpan.FromSeconds(1));
            if (i % 500 == 499 || i == shoppers - 1)
            {
                progress.Step($"waitlist: {i + 1:N0} of {shoppers:N0} shoppers waiting", 100.0 * (i + 1) / shoppers);
            }
        }
    }

    private async Task ReceiveStockAsync(Guid merchant, string eventId, long available, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<InventoryService>().ReceiveAsync(
            merchant, [new InventoryMessage(eventId, ProductId, available, clock.GetUtcNow())], cancellationToken);
        if (!result.TryGetValue(out _, out var error))
        {
            throw new InvalidOperationException($"The demo's inventory message was refused: {error}");
        }
    }

    /// <summary>The shoppers of one wave react: about a third click the link; of those, some buy one pair while stock lasts.</summary>
    private async Task<(long Clicks, long Bought)> ShopAsync(Guid merchant, int wave, long stock, Random random, CancellationToken cancellationToken)
    {
        var analytics = services.GetRequiredService<RestockAnalytics>();
        var alerted = await analytics.AlertsOfWaveAsync(merchant, wave, cancellationToken);
        var tracking = services.GetRequiredService<ClickTracking>();
        long clicks = 0;
        long bought = 0;
        foreach (var (delivery, contact) in alerted)
        {
            if (random.NextDouble() >= 0.35)
            {
                continue;
            }

            clock.Advance(TimeSpan.FromMilliseconds(50));
            // As the alert's tracked link does: the exchange's signed redirect records the click of its delivery.
            await tracking.RecordAsync(delivery, ProductUrl, null, cancellationToken);
            clicks++;
            if (bought < stock && random.NextDouble() < 0.4)
            {
                var order = $"demo-order-{wave}-{bought}";
                var purchase = await analytics.PurchaseAsync(merchant, order, ProductId, 1, Price, contact, clock.GetUtcNow(), cancellationToken);
                bought += purchase.IsSuccess && purchase.Value ? 1 : 0;
            }
        }

        return (clicks, bought);
    }
}
