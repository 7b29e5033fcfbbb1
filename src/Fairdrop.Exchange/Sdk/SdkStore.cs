using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Sdk;

/// <summary>The SDK's tables: channels and replies.</summary>
internal sealed class SdkStore(DbConnectionFactory connections)
{
    private const string ChannelColumns = "id AS Id, merchant_id AS MerchantId, name AS Name, allowed_origins AS AllowedOrigins, created_at AS CreatedAt";

    private const string ReplyColumns =
        "id AS Id, merchant_id AS MerchantId, channel_id AS ChannelId, user_id AS UserId, reply_key AS ReplyKey, in_reply_to AS InReplyTo, text AS Text, created_at AS CreatedAt";

    public async Task AddChannelAsync(SdkChannel channel, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_sdk_channels (id, merchant_id, name, allowed_origins, created_at) VALUES (@Id, @MerchantId, @Name, @origins, @CreatedAt)",
            new { channel.Id, channel.MerchantId, channel.Name, origins = string.Join(' ', channel.AllowedOrigins), channel.CreatedAt },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>A channel by id alone: the SDK's requests name only the channel, and the merchant comes from it.</summary>
    public async Task<SdkChannel?> GetChannelAsync(Guid channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ChannelRow?>(new CommandDefinition(
            $"SELECT {ChannelColumns} FROM exchange_sdk_channels WHERE id = @channelId", new { channelId }, cancellationToken: cancellationToken));
        return row is null ? null : ToChannel(row);
    }

    public async Task<IReadOnlyList<SdkChannel>> ListChannelsAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChannelRow>(new CommandDefinition(
            $"SELECT {ChannelColumns} FROM exchange_sdk_channels WHERE merchant_id = @merchantId ORDER BY id", new { merchantId }, cancellationToken: cancellationToken));
        return [.. rows.Select(ToChannel)];
    }

    /// <summary>Stores a reply once per (user, reply key); the stored reply, and whether this call stored it.</summary>
    public async Task<(SdkReply Reply, bool Created)> AddReplyAsync(SdkReply reply, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_sdk_replies (id, merchant_id, channel_id, user_id, reply_key, in_reply_to, text, created_at) " +
            "VALUES (@Id, @MerchantId, @ChannelId, @UserId, @ReplyKey, @InReplyTo, @Text, @CreatedAt) ON CONFLICT (merchant_id, user_id, reply_key) DO NOTHING",
            reply,
            write.Transaction,
            cancellationToken: cancellationToken));
        var stored = await connection.QuerySingleAsync<SdkReply>(new CommandDefinition(
            $"SELECT {ReplyColumns} FROM exchange_sdk_replies WHERE merchant_id = @MerchantId AND user_id = @UserId AND reply_key = @ReplyKey",
            reply,
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return (stored, inserted == 1);
    }

    public async Task<IReadOnlyList<SdkReply>> ListRepliesAsync(Guid merchantId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SdkReply>(new CommandDefinition(
            $"SELECT {ReplyColumns} FROM exchange_sdk_replies WHERE merchant_id = @merchantId AND user_id = @userId ORDER BY id", new { merchantId, userId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private static SdkChannel ToChannel(ChannelRow row) =>
        new(row.Id, row.MerchantId, row.Name, row.AllowedOrigins.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.CreatedAt);

    private sealed record ChannelRow(Guid Id, Guid MerchantId, string Name, string AllowedOrigins, DateTimeOffset CreatedAt);
}
