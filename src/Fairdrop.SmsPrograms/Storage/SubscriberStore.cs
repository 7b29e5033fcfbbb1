using System.Data.Common;
using Dapper;
using Fairdrop.SmsPrograms.Subscribers;

namespace Fairdrop.SmsPrograms.Storage;

/// <summary>The <c>sms_subscribers</c> and <c>sms_consent_events</c> tables, on the caller's connection and transaction.</summary>
internal static class SubscriberStore
{
    private const string Columns =
        """
        id AS Id, program_id AS ProgramId, phone AS Phone, recipient_id AS RecipientId, status AS Status, source AS Source,
        referral_code AS ReferralCode, requested_at AS RequestedAt, confirmed_at AS ConfirmedAt, stopped_at AS StoppedAt
        """;

    /// <summary>The number's subscriptions in every program of the merchant, newest request first.</summary>
    public static async Task<IReadOnlyList<Subscriber>> OfPhoneAsync(
        DbConnection connection, DbTransaction? transaction, Guid merchantId, string phone, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Subscriber>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_subscribers WHERE merchant_id = @merchantId AND phone = @phone ORDER BY requested_at DESC",
            new { merchantId, phone },
            transaction,
            cancellationToken: cancellationToken))).AsList();

    public static Task<Subscriber?> ByCodeAsync(DbConnection connection, DbTransaction? transaction, Guid programId, string code, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Subscriber?>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_subscribers WHERE program_id = @programId AND referral_code = @code",
            new { programId, code },
            transaction,
            cancellationToken: cancellationToken));

    public static Task<Subscriber> ByIdAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<Subscriber>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_subscribers WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>Active subscribers of a program by id, after the cursor (alerts read them a page at a time).</summary>
    public static async Task<IReadOnlyList<Subscriber>> ActiveAsync(
        DbConnection connection, DbTransaction? transaction, Guid programId, Guid? after, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Subscriber>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_subscribers WHERE program_id = @programId AND status = 'active' {(after is null ? "" : "AND id > @after")} ORDER BY id LIMIT @limit",
            new { programId, after, limit },
            transaction,
            cancellationToken: cancellationToken))).AsList();

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, Guid merchantId, Subscriber s, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sms_subscribers (id, program_id, merchant_id, phone, recipient_id, status, source, referral_code, created_at, requested_at)
            VALUES (@Id, @ProgramId, @merchantId, @Phone, @RecipientId, @Status, @Source, @ReferralCode, @RequestedAt, @RequestedAt)
            """,
            new { s.Id, s.ProgramId, merchantId, s.Phone, s.RecipientId, s.Status, s.Source, s.ReferralCode, s.RequestedAt },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Moves a subscriber to <paramref name="status"/> at <paramref name="at"/> (a new request, a confirmation or a stop).</summary>
    public static Task SetStatusAsync(DbConnection connection, DbTransaction transaction, Guid id, string status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var column = status switch
        {
            SubscriberStatus.Active => "confirmed_at",
            SubscriberStatus.Stopped => "stopped_at",
            _ => "requested_at",
        };
        return connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE sms_subscribers SET status = @status, {column} = @at WHERE id = @id", new { id, status, at }, transaction, cancellationToken: cancellationToken));
    }

    public static Task AddEventAsync(DbConnection connection, DbTransaction transaction, ConsentEvent e, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sms_consent_events (id, subscriber_id, program_id, step, occurred_at, message_id, text, page_url, ip, user_agent)
            VALUES (@Id, @SubscriberId, @ProgramId, @Step, @OccurredAt, @MessageId, @Text, @PageUrl, @Ip, @UserAgent)
            """,
            e,
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>A program's consent record, step by step in id order, after the cursor: the export.</summary>
    public static async Task<IReadOnlyList<ConsentEvent>> EventsAsync(
        DbConnection connection, Guid programId, Guid? subscriberId, Guid? after, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ConsentEvent>(new CommandDefinition(
            $"""
            SELECT id AS Id, subscriber_id AS SubscriberId, program_id AS ProgramId, step AS Step, occurred_at AS OccurredAt, message_id AS MessageId,
                text AS Text, page_url AS PageUrl, ip AS Ip, user_agent AS UserAgent
            FROM sms_consent_events WHERE program_id = @programId {(subscriberId is null ? "" : "AND subscriber_id = @subscriberId")}
                {(after is null ? "" : "AND id > @after")}
            ORDER BY id LIMIT @limit
            """,
            new { programId, subscriberId, after, limit },
            cancellationToken: cancellationToken))).AsList();
}
