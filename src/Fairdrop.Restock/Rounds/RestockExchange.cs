using System.Data.Common;
using Dapper;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Restock.Rounds;

/// <summary>How restock appears in the exchange: its source and topic, and each merchant's restock sender, made through the intake.</summary>
internal static class RestockExchange
{
    public const string Source = "restock";
    public const string Topic = "restock";

    private static readonly SenderRules Rules = new([Channel.Email, Channel.InApp, Channel.Sms, Channel.WebPush], null, null, [Channel.Email, Channel.Sms]);

    /// <summary>The merchant's restock sender, created on first use (its id kept in restock's settings), inside the caller's transaction.</summary>
    public static async Task<Guid> EnsureSenderAsync(
        ExchangeIntake intake, DbConnection connection, DbTransaction transaction, Guid merchantId, string fromAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT sender_id FROM restock_settings WHERE merchant_id = @merchantId AND sender_id IS NOT NULL", new { merchantId }, transaction, cancellationToken: cancellationToken));
        if (existing is { } id)
        {
            return id;
        }

        id = await intake.CreateSenderAsync(connection, transaction, merchantId, "Restock alerts", fromAddress, Rules, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_settings SET sender_id = @id WHERE merchant_id = @merchantId", new { id, merchantId }, transaction, cancellationToken: cancellationToken));
        return id;
    }
}
