using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.SmsPrograms.Storage;
using Fairdrop.SmsPrograms.Subscribers;

namespace Fairdrop.SmsPrograms.Referrals;

/// <summary>
/// Referrals, inside the caller's transaction: a friend's use of a code (never their own: same number is refused), and
/// on the friend's confirmation the attribution and, once per friend, the reward: the next code of the merchant's pool,
/// texted to the referrer, unless the referrer has left or reached the program's daily cap.
/// </summary>
internal sealed class ReferralLedger(IdGenerator ids)
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    /// <summary>Records that <paramref name="friend"/> came with <paramref name="referrer"/>'s code; false for a self-referral or a friend already referred.</summary>
    public async Task<bool> UseAsync(
        DbConnection connection, DbTransaction transaction, Subscriber referrer, Subscriber friend, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (referrer.Phone == friend.Phone)
        {
            return false;
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sms_referrals (id, program_id, referrer_id, friend_id, status, used_at)
            VALUES (@id, @programId, @referrerId, @friendId, 'used', @now)
            ON CONFLICT (program_id, friend_id) DO NOTHING
            """,
            new { id = ids.NewId(), programId = friend.ProgramId, referrerId = referrer.Id, friendId = friend.Id, now },
            transaction,
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>
    /// The friend confirmed: attributes their referral, if any still waits, and issues the reward it earns (the pool's next
    /// code, and the program's webhook if it has one). Returns the reward, or null when the referral earned none.
    /// </summary>
    public static async Task<Reward?> ConfirmAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Guid friendId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var referral = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid ReferrerId)?>(new CommandDefinition(
            "SELECT id AS Id, referrer_id AS ReferrerId FROM sms_referrals WHERE program_id = @programId AND friend_id = @friendId AND status = 'used'",
            new { programId = program.Program.Id, friendId },
            transaction,
            cancellationToken: cancellationToken));
        if (referral is not { } r)
        {
            return null;
        }

        var referrer = await SubscriberStore.ByIdAsync(connection, transaction, r.ReferrerId, cancellationToken);
        var reason = await NoRewardReasonAsync(connection, transaction, program, referrer, now, cancellationToken);
        var code = reason is null ? await TakeCodeAsync(connection, transaction, program.Program.Id, r.Id, now, cancellationToken) : null;
        var rewarded = reason is null && (code is not null || program.RewardRecipientId is not null);
        reason ??= rewarded ? null : ReferralStatus.PoolEmpty;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sms_referrals SET status = @status, reason = @reason, reward_code = @code, confirmed_at = @now,
                rewarded_at = @rewardedAt
            WHERE id = @id
            """,
            new { id = r.Id, status = rewarded ? ReferralStatus.Rewarded : ReferralStatus.Confirmed, reason, code, now, rewardedAt = rewarded ? now : (DateTimeOffset?)null },
            transaction,
            cancellationToken: cancellationToken));
        return rewarded ? new Reward(referrer, r.Id, friendId, code) : null;
    }

    private static async Task<string?> NoRewardReasonAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Subscriber referrer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (referrer.Status != SubscriberStatus.Active)
        {
            return ReferralStatus.ReferrerLeft;
        }

        var today = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sms_referrals WHERE referrer_id = @referrerId AND rewarded_at > @since",
            new { referrerId = referrer.Id, since = now - Day },
            transaction,
            cancellationToken: cancellationToken));
        return today >= program.Program.ReferralDailyCap ? ReferralStatus.DailyCap : null;
    }

    private static async Task<string?> TakeCodeAsync(
        DbConnection connection, DbTransaction transaction, Guid programId, Guid referralId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The write transaction holds SQLite's one writer, and on PostgreSQL the conditional UPDATE re-checks
        // issued_to under its row lock: two referrals racing for one code cannot both get it.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var code = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT code FROM sms_reward_codes WHERE program_id = @programId AND issued_to IS NULL ORDER BY code LIMIT 1",
                new { programId },
                transaction,
                cancellationToken: cancellationToken));
            if (code is null)
            {
                return null;
            }

            var taken = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE sms_reward_codes SET issued_to = @referralId, issued_at = @now WHERE program_id = @programId AND code = @code AND issued_to IS NULL",
                new { programId, code, referralId, now },
                transaction,
                cancellationToken: cancellationToken));
            if (taken == 1)
            {
                return code;
            }
        }

        return null;
    }
}
