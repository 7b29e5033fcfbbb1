using Fairdrop.Core.Tenancy;

namespace Fairdrop.Restock.Analytics;

/// <summary>The restock funnel across merchants, as <c>fairdrop restock report</c> prints it.</summary>
public sealed class RestockReport(RestockAnalytics analytics, MerchantStore merchants)
{
    private const int MerchantPage = 500;

    /// <summary>The funnel of one merchant, or of every merchant (<paramref name="merchantId"/> null), merchant by merchant.</summary>
    public async Task<IReadOnlyList<MerchantFunnelRow>> FunnelAsync(Guid? merchantId, string? productId, CancellationToken cancellationToken)
    {
        var rows = new List<MerchantFunnelRow>();
        await foreach (var merchant in MerchantsAsync(merchantId, cancellationToken))
        {
            rows.AddRange((await analytics.FunnelAsync(merchant.Id, productId, cancellationToken)).Select(row => new MerchantFunnelRow(merchant, row)));
        }

        return rows;
    }

    private async IAsyncEnumerable<Merchant> MerchantsAsync(Guid? only, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (only is { } id)
        {
            if (await merchants.GetAsync(id, cancellationToken) is { } one)
            {
                yield return one;
            }

            yield break;
        }

        Guid? after = null;
        while (true)
        {
            var page = await merchants.ListAsync(after, MerchantPage, cancellationToken);
            foreach (var merchant in page)
            {
                yield return merchant;
            }

            if (page.Count < MerchantPage)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }
}
