using System.Data.Common;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms.Programs;

namespace Fairdrop.SmsPrograms.Storage;

/// <summary>The <c>sms_programs</c> table; lists (keywords' aliases, numbers, alerts) are JSON arrays.</summary>
internal sealed class ProgramStore(DbConnectionFactory connections)
{
    private const string Columns =
        """
        id AS Id, merchant_id AS MerchantId, name AS Name, keyword AS Keyword, aliases AS Aliases, numbers AS Numbers, frequency AS Frequency,
        confirmation_text AS ConfirmationText, welcome_text AS WelcomeText, help_text AS HelpText, alerts_on AS AlertsOn,
        referral_offer AS ReferralOffer, referral_daily_cap AS ReferralDailyCap, transactional_sender_id AS TransactionalSenderId,
        marketing_sender_id AS MarketingSenderId, reward_webhook_url AS RewardWebhookUrl, reward_recipient_id AS RewardRecipientId, created_at AS CreatedAt,
        confirmation_distribution_id AS ConfirmationDistributionId
        """;

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, StoredProgram stored, CancellationToken cancellationToken)
    {
        var p = stored.Program;
        return connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sms_programs (id, merchant_id, name, keyword, aliases, numbers, frequency, confirmation_text, welcome_text, help_text,
                alerts_on, referral_offer, referral_daily_cap, transactional_sender_id, marketing_sender_id, reward_webhook_url, reward_recipient_id, created_at,
                confirmation_distribution_id)
            VALUES (@Id, @MerchantId, @Name, @Keyword, @Aliases, @Numbers, @Frequency, @ConfirmationText, @WelcomeText, @HelpText,
                @AlertsOn, @ReferralOffer, @ReferralDailyCap, @TransactionalSenderId, @MarketingSenderId, @RewardWebhookUrl, @RewardRecipientId, @CreatedAt,
                @ConfirmationDistributionId)
            """,
            new
            {
                p.Id, stored.MerchantId, p.Name, p.Keyword, Aliases = Json(p.Aliases), Numbers = Json(p.Numbers), p.Frequency, p.ConfirmationText,
                p.WelcomeText, p.HelpText, AlertsOn = Json(p.AlertsOn), p.ReferralOffer, ReferralDailyCap = (long)p.ReferralDailyCap,
                stored.TransactionalSenderId, stored.MarketingSenderId, p.RewardWebhookUrl, stored.RewardRecipientId, p.CreatedAt,
                stored.ConfirmationDistributionId,
            },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The merchant's programs by id, after the cursor.</summary>
    public async Task<IReadOnlyList<StoredProgram>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ListAsync(connection, null, merchantId, after, limit, cancellationToken);
    }

    public static async Task<IReadOnlyList<StoredProgram>> ListAsync(
        DbConnection connection, DbTransaction? transaction, Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var page = after is null ? string.Empty : "AND id > @after";
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_programs WHERE merchant_id = @merchantId {page} ORDER BY id LIMIT @limit",
            new { merchantId, after, limit },
            transaction,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored()).ToList();
    }

    public async Task<StoredProgram?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_programs WHERE merchant_id = @merchantId AND id = @id",
            new { merchantId, id },
            cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    /// <summary>A program by its id alone, whoever's it is: the hosted sign-up page is addressed by the program, not the merchant.</summary>
    public async Task<StoredProgram?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_programs WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    private static string Json(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid MerchantId { get; init; }

        public string Name { get; init; } = "";

        public string Keyword { get; init; } = "";

        public string Aliases { get; init; } = "[]";

        public string Numbers { get; init; } = "[]";

        public string Frequency { get; init; } = "";

        public string ConfirmationText { get; init; } = "";

        public string WelcomeText { get; init; } = "";

        public string HelpText { get; init; } = "";

        public string AlertsOn { get; init; } = "[]";

        public string? ReferralOffer { get; init; }

        public long ReferralDailyCap { get; init; }

        public Guid TransactionalSenderId { get; init; }

        public Guid MarketingSenderId { get; init; }

        public string? RewardWebhookUrl { get; init; }

        public Guid? RewardRecipientId { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public Guid? ConfirmationDistributionId { get; init; }

        public StoredProgram ToStored() => new(
            new SmsProgram(
                Id, Name, Keyword, List(Aliases), List(Numbers), Frequency, ConfirmationText, WelcomeText, HelpText, List(AlertsOn), ReferralOffer,
                (int)ReferralDailyCap, RewardWebhookUrl, CreatedAt),
            MerchantId, TransactionalSenderId, MarketingSenderId, RewardRecipientId, ConfirmationDistributionId);

        private static List<string> List(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }
}
