using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Staff;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Drops;
using Fairdrop.Drops.Model;
using Fairdrop.Restock.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.ConsolePages;

/// <summary>
/// A shop the size the console must stay quick at: subscriptions spread over a catalog, one drop with its entries placed,
/// and a long gate decision log, written in bulk; plus an owner who signs in.
/// </summary>
internal static class ConsoleBenchSeed
{
    public const string OwnerEmail = "owner@bench.test";
    public const string OwnerPassword = "bench owner password";
    private const int Products = 100;

    public static async Task<(Guid Merchant, string ApiKey, Guid Drop)> SeedAsync(
        IServiceProvider services, int subscriptions, int entries, int decisions, Action<string> progress, CancellationToken cancellationToken)
    {
        var ids = services.GetRequiredService<IdGenerator>();
        var time = services.GetRequiredService<TimeProvider>();
        var bulk = services.GetRequiredService<BulkWriter>();
        var now = time.GetUtcNow();
        var (merchant, key) = await services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken);
        await services.GetRequiredService<ProductStore>().UpsertAsync(merchant.Id,
            [.. Enumerable.Range(0, Products).Select(p => new ProductInput($"sku-{p:D3}", null, $"Sneaker {p:D3}", null, null, 0))], cancellationToken);
        var productIds = new Guid[Products];
        for (var p = 0; p < Products; p++)
        {
            productIds[p] = (await services.GetRequiredService<ProductStore>().GetAsync(merchant.Id, $"sku-{p:D3}", cancellationToken))!.Id;
        }

        progress($"seeding {subscriptions:N0} subscriptions over {Products} products");
        var millis = now.ToUnixTimeMilliseconds();
        await bulk.InsertAsync(new BulkTable<int>("restock_subscriptions",
        [
            new("id", _ => ids.NewId()), new("merchant_id", _ => merchant.Id), new("product_id", i => productIds[i % Products]), new("channel", _ => "email"),
            new("contact", i => $"shopper{i}@example.com"), new("recipient_id", _ => ids.NewId()), new("recipient_external_id", i => $"rs-{i}"),
            new("consent_text", _ => "Email me"), new("tier", _ => 0L), new("time_zone", _ => "UTC"), new("quiet_start", _ => null), new("quiet_end", _ => null),
            new("status", _ => "active"), new("unsubscribe_token", i => $"bench-{merchant.Id:N}-{i}"), new("created_at", i => millis - subscriptions + i),
            new("expires_at", _ => now.AddDays(90).ToUnixTimeMilliseconds()),
        ]), Enumerable.Range(0, subscriptions), cancellationToken);
        await using (var connection = await services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE restock_products SET status = 'awaiting_restock' WHERE merchant_id = @merchant", new { merchant = merchant.Id }, cancellationToken: cancellationToken));
        }

        progress($"seeding {decisions:N0} gate decisions");
        string[] kinds = ["allow", "allow", "allow", "allow", "log", "delay", "challenge", "block"];
        await bulk.InsertAsync(new BulkTable<int>("gate_decisions",
        [
            new("id", _ => ids.NewId()), new("merchant_id", _ => merchant.Id), new("at", i => millis - ((decisions - i) * 50L)), new("decision", i => kinds[i % kinds.Length]),
            new("rule", i => i % kinds.Length < 4 ? null : "cart_burst"), new("matched_rules", _ => string.Empty), new("shadow_rules", _ => string.Empty),
            new("rule_version", _ => "bench"), new("method", _ => "POST"), new("path", _ => "/cart/add"), new("action", _ => "add_to_cart"), new("ip", i => $"10.0.{i % 250}.{i % 200}"),
            new("customer_id", i => $"c-{i % 50_000}"), new("session_id", i => $"s-{i % 80_000}"), new("device_id", i => $"d-{i % 60_000}"), new("user_agent", _ => "bench"),
            new("product_id", i => $"sku-{i % Products:D3}"),
        ]), Enumerable.Range(0, decisions), cancellationToken);

        progress($"seeding a drop with {entries:N0} entries, placed");
        var drops = services.GetRequiredService<DropCommands>();
        var drop = (await drops.CreateAsync(merchant.Id, new DropSpec("bench drop", "sku-000", 500, now.AddHours(1), WindowOpensAt: now), cancellationToken)).Value!;
        await Parallel.ForAsync(0, entries, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, token) =>
            await drops.EnterAsync(merchant.Id, drop.Id, new NewEntry($"shopper-{i}"), token));
        await using (var connection = await services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE drops SET opens_at = @now WHERE id = @id", new { now = time.GetUtcNow(), id = drop.Id }, cancellationToken: cancellationToken));
        }

        await drops.EnsureOpenedAsync(drop.Id, cancellationToken);

        var staff = services.GetRequiredService<StaffService>();
        var invitation = (await staff.InviteAsync(merchant.Id, OwnerEmail, "Bench Owner", "owner", null, cancellationToken)).Value!;
        await staff.AcceptInvitationAsync(invitation.Token, OwnerPassword, cancellationToken);
        return (merchant.Id, key.Secret, drop.Id);
    }
}
