using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Senders;

/// <summary>Senders, always scoped by merchant: another merchant's sender is simply not there.</summary>
internal sealed class SenderStore(DbConnectionFactory connections)
{
    private const string Columns =
        "id AS Id, merchant_id AS MerchantId, name AS Name, brand AS Brand, from_address AS FromAddress, reply_to AS ReplyTo, rules AS Rules, webhook_secret AS WebhookSecret, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public async Task InsertAsync(Sender sender, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, sender, cancellationToken);
    }

    /// <summary>Inserts a sender on the caller's connection, inside its transaction when given one (the intake's way in).</summary>
    public static Task InsertAsync(DbConnection connection, DbTransaction? transaction, Sender sender, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_senders (id, merchant_id, name, brand, from_address, reply_to, rules, webhook_secret, created_at, updated_at)
            VALUES (@Id, @MerchantId, @Name, @Brand, @FromAddress, @ReplyTo, @Rules, @WebhookSecret, @CreatedAt, @UpdatedAt)
            """,
            Row.From(sender),
            transaction,
            cancellationToken: cancellationToken));

    public async Task<bool> UpdateAsync(Sender sender, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE exchange_senders SET name = @Name, brand = @Brand, from_address = @FromAddress, reply_to = @ReplyTo, rules = @Rules, updated_at = @UpdatedAt
            WHERE merchant_id = @MerchantId AND id = @Id
            """,
            Row.From(sender),
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    public async Task<Sender?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_senders WHERE merchant_id = @merchantId AND id = @id",
            new { merchantId, id },
            cancellationToken: cancellationToken));
        return row?.ToSender();
    }

    public async Task<IReadOnlyList<Sender>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var where = after is null ? string.Empty : "AND id > @after";
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_senders WHERE merchant_id = @merchantId {where} ORDER BY id LIMIT @limit",
            new { merchantId, after, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSender()).ToList();
    }

    private sealed record Row(Guid Id, Guid MerchantId, string Name, string? Brand, string FromAddress, string? ReplyTo, string Rules, string WebhookSecret, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static Row From(Sender s) =>
            new(s.Id, s.MerchantId, s.Name, s.Brand, s.FromAddress, s.ReplyTo, ExchangeJson.Write(s.Rules), s.WebhookSecret, s.CreatedAt, s.UpdatedAt);

        public Sender ToSender() =>
            new(Id, MerchantId, Name, Brand, FromAddress, ReplyTo, ExchangeJson.Read<SenderRules>(Rules), WebhookSecret, CreatedAt, UpdatedAt);
    }
}
