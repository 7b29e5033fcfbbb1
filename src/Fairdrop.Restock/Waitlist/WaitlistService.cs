using Fairdrop.Core.Text;
using System.Security.Cryptography;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Planning;
using Fairdrop.Restock.Rounds;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Waitlist;

/// <summary>
/// Waitlists: one subscription per (product, contact, channel), with the consent text the shopper saw, an expiry
/// and an unsubscribe token. The first subscription marks the product awaiting restock.
/// </summary>
public sealed class WaitlistService(
    DbConnectionFactory connections, IdGenerator ids, TimeProvider time, RestockSettingsStore settings, IOptions<RestockOptions> options, ExchangeIntake intake)
{
    /// <summary>The source restock records on the consent a subscription gives (the exchange's consent record).</summary>
    public const string ConsentSource = "restock_waitlist";

    public async Task<Result<SubscribeResult>> SubscribeAsync(Guid merchantId, SubscribeRequest request, CancellationToken cancellationToken)
    {
        // One rule for contacts in Fairdrop: the exchange's (libphonenumber for phone numbers).
        var parsed = WaitlistChannels.Parse(request.Channel);
        if (!parsed.TryGetValue(out var channel, out var channelError))
        {
            return channelError;
        }

        if (!ExchangeIntake.NormaliseContact(channel, request.Contact, "contact").TryGetValue(out var address, out var contactError))
        {
            return contactError;
        }

        if (string.IsNullOrWhiteSpace(request.ConsentText) || request.ConsentText.Length > 2000)
        {
            return Error.Validation("consentText", "consentText, the words the shopper agreed to, is required (at most 2000 characters).");
        }

        var zone = request.TimeZone ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            return Error.Validation("timeZone", $"'{zone}' is not an IANA time zone.");
        }

        if ((request.QuietStart is null) != (request.QuietEnd is null) || (request.QuietStart is { } qs && qs == request.QuietEnd))
        {
            return Error.Validation("quietHours", "quiet hours need a start and a different end.");
        }

        if (request.Tier is < 0 or > 1000)
        {
            return Error.Validation("tier", "tier must be between 0 and 1000.");
        }

        if (string.IsNullOrWhiteSpace(request.ProductId))
        {
            return Error.Validation("productId", "productId is required.");
        }

        if (PlainText.Check("productId", request.ProductId) is { } error)
        {
            return error;
        }

        await settings.EnsureKeyAsync(merchantId, cancellationToken);
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var product = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Status)?>(new CommandDefinition(
            "SELECT id, status FROM restock_products WHERE merchant_id = @merchantId AND external_id = @ProductId",
            new { merchantId, request.ProductId },
            transaction,
            cancellationToken: cancellationToken));
        if (product is not { } p)
        {
            return RestockErrors.ProductNotFound(request.ProductId);
        }

        var quiet = request.QuietStart is { } start && request.QuietEnd is { } end ? new DailyWindow(start, end) : (DailyWindow?)null;
        var externalId = WaitlistChannels.RecipientExternalId(channel, address);
        var contacts = channel switch
        {
            Channel.Email => new Contacts(Email: address),
            Channel.Sms => new Contacts(Phone: address),
            _ => new Contacts(InAppUserId: address),
        };
        var recipient = await intake.UpsertRecipientAsync(connection, transaction, merchantId, new IntakeRecipient(
            externalId, contacts, new Dictionary<Channel, Consent> { [channel] = new(ConsentSource, request.ConsentText, now) },
            new RecipientRules(QuietHours: quiet, TimeZone: zone)), now, cancellationToken);
        if (!recipient.TryGetValue(out var recipientId, out var recipientError))
        {
            return recipientError;
        }

        var expires = now + options.Value.SubscriptionLifetime;
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO restock_subscriptions (id, merchant_id, product_id, channel, contact, recipient_id, recipient_external_id, consent_text, tier, time_zone,
                quiet_start, quiet_end, status, unsubscribe_token, created_at, expires_at)
            VALUES (@id, @merchantId, @productId, @channel, @address, @recipientId, @externalId, @ConsentText, @Tier, @zone,
                @quietStart, @quietEnd, 'active', @token, @now, @expires)
            ON CONFLICT (product_id, contact, channel) DO NOTHING
            """,
            new
            {
                id = ids.NewId(), merchantId, productId = p.Id, channel = channel.Wire(), address, recipientId, externalId, request.ConsentText, request.Tier, zone,
                quietStart = quiet is { } q1 ? (long?)q1.Start.ToTimeSpan().TotalMinutes : null,
                quietEnd = quiet is { } q2 ? (long?)q2.End.ToTimeSpan().TotalMinutes : null,
                token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), now, expires,
            },
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            // Already on the list: renew consent and expiry; one who had left or expired joins again at the back.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE restock_subscriptions SET consent_text = @ConsentText, expires_at = @expires,
                    created_at = CASE WHEN status <> 'active' OR expires_at <= @now THEN @now ELSE created_at END, status = 'active'
                WHERE product_id = @productId AND contact = @address AND channel = @channel
                """,
                new { request.ConsentText, expires, now, productId = p.Id, address, channel = channel.Wire() },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (p.Status == Product.None)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE restock_products SET status = @awaiting, updated_at = @now WHERE id = @Id AND status = @none",
                new { awaiting = Product.AwaitingRestock, none = Product.None, now, p.Id },
                transaction,
                cancellationToken: cancellationToken));
        }

        var subscription = await connection.QuerySingleAsync<Subscription>(new CommandDefinition(
            $"SELECT {Subscription.Columns} FROM restock_subscriptions WHERE product_id = @productId AND contact = @address AND channel = @channel",
            new { productId = p.Id, address, channel = channel.Wire() },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return new SubscribeResult(subscription, inserted == 1);
    }

    /// <summary>
    /// Leaves the waitlist, and drops this subscription's alerts that have not left yet (a shopper in quiet hours waits
    /// for hours with an alert scheduled); one already being sent goes. False when the token is unknown.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var left = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid MerchantId, Guid ProductId)?>(new CommandDefinition(
            "UPDATE restock_subscriptions SET status = 'unsubscribed' WHERE unsubscribe_token = @token RETURNING id, merchant_id, product_id",
            new { token },
            transaction,
            cancellationToken: cancellationToken));
        if (left is not { } subscription)
        {
            return false;
        }

        // The subscription's alerts are its deliveries keyed by each of the product's rounds (AlertKey).
        var rounds = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM restock_rounds WHERE product_id = @ProductId", new { subscription.ProductId }, transaction, cancellationToken: cancellationToken));
        var keys = rounds.Select(round => AlertKey.Of(round, subscription.Id)).ToList();
        var deliveries = (await KeyedDeliveries.FindAsync(connection, transaction, subscription.MerchantId, keys, cancellationToken)).Select(d => d.Id).ToList();
        await ExchangeIntake.DropPendingAsync(connection, transaction, subscription.MerchantId, deliveries, "unsubscribed", cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>A keyset page of the merchant's waitlist, optionally for one product.</summary>
    public async Task<IReadOnlyList<Subscription>> ListAsync(Guid merchantId, string? productId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var where = "merchant_id = @merchantId";
        where += after is null ? string.Empty : " AND id > @after";
        where += productId is null ? string.Empty : " AND product_id = (SELECT id FROM restock_products WHERE merchant_id = @merchantId AND external_id = @productId)";
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Subscription>(new CommandDefinition(
            $"SELECT {Subscription.Columns} FROM restock_subscriptions WHERE {where} ORDER BY id LIMIT @limit",
            new { merchantId, productId, after, limit },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Writes the merchant's waitlist (optionally one product's) as CSV, a page at a time.</summary>
    public async Task ExportCsvAsync(Guid merchantId, string? productId, Stream output, CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync("id,channel,contact,status,tier,created_at,expires_at\n".AsMemory(), cancellationToken);
        Guid? after = null;
        while (true)
        {
            var page = await ListAsync(merchantId, productId, after, PageSize, cancellationToken);
            foreach (var s in page)
            {
                await writer.WriteAsync($"{s.Id},{s.Channel},\"{s.Contact.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{s.Status},{s.Tier},{s.CreatedAt:O},{s.ExpiresAt:O}\n".AsMemory(), cancellationToken);
            }

            if (page.Count < PageSize)
            {
                await writer.FlushAsync(cancellationToken);
                return;
            }

            after = page[^1].Id;
        }
    }

    internal static RestockPolicy PolicyOf(RestockOptions options, Product product) => new(
        product.AlertsPerUnit ?? options.AlertsPerUnit,
        product.MinInventory ?? options.MinInventory,
        product.IntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.WaveInterval,
        OrderPolicyNames.TryParse(product.OrderPolicy ?? options.Order, out var order) ? order : OrderPolicy.OldestFirst);
}
