using Fairdrop.Drops;
using Fairdrop.MerchantConsole.Auth;
using Fairdrop.Restock.Analytics;
using Fairdrop.Restock.Catalog;
using Fairdrop.Core.Staff;

namespace Fairdrop.MerchantConsole;

/// <summary>What the overview and the live figures show, read through the modules' public services (what the API reads).</summary>
public sealed class ConsoleQueries(ProductStore products, RestockAnalytics analytics, DropQueries drops, TimeProvider time)
{
    /// <summary>The figures console.js refreshes every few seconds; each is read only when the role may read its area.</summary>
    public async Task<LiveFigures> LiveAsync(ConsoleUser user, Guid? dropId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        long productsWaiting = 0, productsAlerting = 0, subscribers = 0, alertsSent = 0, roundsRunning = 0;
        if (user.Can(StaffPermissions.RestockRead))
        {
            var catalog = await products.ListAsync(user.MerchantId, null, 1000, cancellationToken);
            productsWaiting = catalog.Count(p => p.Status == Product.AwaitingRestock);
            productsAlerting = catalog.Count(p => p.Status is Product.Alerting or Product.Restocked);
            var funnel = await analytics.FunnelAsync(user.MerchantId, null, cancellationToken);
            // A product appears once per round, each row with the same waitlist.
            subscribers = funnel.GroupBy(r => r.ProductId).Sum(g => g.First().Waiting);
            alertsSent = funnel.Sum(r => r.Sent);
            roundsRunning = funnel.Count(r => r.RoundStatus == Restock.Rounds.Round.InProgress);
        }

        long dropsOpen = 0;
        DropLive? drop = null;
        if (user.Can(StaffPermissions.DropsRead))
        {
            var list = await drops.ListAsync(user.MerchantId, null, 100, cancellationToken);
            dropsOpen = list.Count(d => d.WindowOpensAt <= now && now < d.ClosesAt);
            if (dropId is { } id && (await drops.GetAsync(user.MerchantId, id, cancellationToken)).TryGetValue(out var found, out _))
            {
                var entries = (await drops.ReportAsync(user.MerchantId, id, cancellationToken)).TryGetValue(out var report, out _) ? report.Entries
                    : (await drops.EntriesAsync(user.MerchantId, id, cancellationToken)).TryGetValue(out var all, out _) ? all.Count : 0;
                drop = new DropLive(found.Status, entries, found.UnitsSold, found.Units);
            }
        }

        return new LiveFigures(now, productsWaiting, productsAlerting, subscribers, roundsRunning, alertsSent, dropsOpen, drop);
    }
}

/// <summary>The overview's figures at one moment.</summary>
public sealed record LiveFigures(
    DateTimeOffset At, long ProductsWaiting, long ProductsAlerting, long Subscribers, long RoundsRunning, long AlertsSent, long DropsOpen, DropLive? Drop);

/// <summary>A drop's queue at one moment: status, entries and units sold.</summary>
public sealed record DropLive(string Status, long Entries, long UnitsSold, long Units);
