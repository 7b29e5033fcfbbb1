using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Profiles.Model;

namespace Fairdrop.Profiles.Storage;

/// <summary>
/// The <c>profile_rotations</c> and <c>profile_assignments</c> tables. A worker changes a rotation only while it holds
/// its lease (<see cref="TryClaimAsync"/>); every write of a step is conditional on that lease, so a worker whose
/// lease expired (and was taken over) writes nothing.
/// </summary>
internal sealed class RotationStore(DbConnectionFactory connections)
{
    // Written out: Dapper expands a list parameter differently on SQLite and Npgsql (which takes arrays, not IN lists).
    private const string Live = "('waiting', 'assigning', 'active', 'restoring')";

    /// <summary>Inserts the rotation; false when the profile already has one in progress (the unique index decides).</summary>
    public async Task<bool> TryInsertAsync(RotationRow row, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO profile_rotations (id, merchant_id, profile_id, rule, subject, hours, image_url, badge_text, state, attempts, next_attempt_at,
                    previous_saved, created_at, updated_at)
                VALUES (@Id, @MerchantId, @ProfileId, @Rule, @Subject, @Hours, @ImageUrl, @BadgeText, @State, 0, @NextAttemptAt, @PreviousSaved, @CreatedAt, @UpdatedAt)
                """,
                row,
                cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (connections.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<RotationRow?> GetAsync(Guid? merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RotationRow>(new CommandDefinition(
            // No "@merchantId IS NULL": PostgreSQL cannot type a null parameter it only compares with null.
            merchantId is null
                ? $"SELECT {RotationRow.Columns} FROM profile_rotations WHERE id = @id"
                : $"SELECT {RotationRow.Columns} FROM profile_rotations WHERE id = @id AND merchant_id = @merchantId",
            new { id, merchantId },
            cancellationToken: cancellationToken));
    }

    /// <summary>A profile's rotations, newest first, before the cursor.</summary>
    public async Task<IReadOnlyList<RotationRow>> ListAsync(Guid merchantId, Guid profileId, Guid? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RotationRow>(new CommandDefinition(
            $"""
            SELECT {RotationRow.Columns} FROM profile_rotations
            WHERE merchant_id = @merchantId AND profile_id = @profileId {(before is null ? string.Empty : "AND id < @before")} ORDER BY id DESC LIMIT @limit
            """,
            new { merchantId, profileId, before, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Ids of live rotations due now whose lease is free or expired.</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition(
            $"""
            SELECT id FROM profile_rotations
            WHERE state IN {Live} AND next_attempt_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
            ORDER BY next_attempt_at LIMIT @limit
            """,
            new { now, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Takes the rotation's lease if it is free or expired; one statement, so two workers cannot both win.</summary>
    public async Task<RotationRow?> TryClaimAsync(Guid id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE profile_rotations SET lease_owner = @owner, lease_expires_at = @until
            WHERE id = @id AND state IN {Live} AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
            """,
            new { id, owner, now, until },
            cancellationToken: cancellationToken));
        return claimed == 1 ? await GetAsync(null, id, cancellationToken) : null;
    }

    /// <summary>Writes a step's outcome and lets the lease go; false when the lease was lost (another worker took over).</summary>
    public async Task<bool> SaveAsync(RotationRow row, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        row.UpdatedAt = now;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var saved = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE profile_rotations SET state = @State, reason = @Reason, attempts = @Attempts, next_attempt_at = @NextAttemptAt, ends_at = @EndsAt,
                previous_saved = @PreviousSaved, previous_avatar = @PreviousAvatar, previous_media_type = @PreviousMediaType,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = @UpdatedAt
            WHERE id = @Id AND lease_owner = @owner
            """,
            new { row.State, row.Reason, row.Attempts, row.NextAttemptAt, row.EndsAt, row.PreviousSaved, row.PreviousAvatar, row.PreviousMediaType, row.UpdatedAt, row.Id, owner },
            cancellationToken: cancellationToken));
        return saved == 1;
    }

    /// <summary>The previous avatar, saved as soon as it is read, so a worker that dies after changing the avatar does not read ours as "previous".</summary>
    public async Task<bool> SavePreviousAsync(RotationRow row, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE profile_rotations SET previous_saved = @PreviousSaved, previous_avatar = @PreviousAvatar, previous_media_type = @PreviousMediaType
            WHERE id = @Id AND lease_owner = @owner
            """,
            new { row.PreviousSaved, row.PreviousAvatar, row.PreviousMediaType, row.Id, owner },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>A merchant's change of state (end, retry), only from <paramref name="from"/> and only while no worker holds the rotation.</summary>
    public async Task<bool> TryMoveAsync(Guid merchantId, Guid id, string from, string to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE profile_rotations SET state = @to, next_attempt_at = @now, attempts = 0, updated_at = @now
            WHERE id = @id AND merchant_id = @merchantId AND state = @from AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
            """,
            new { id, merchantId, from, to, now },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task AddAssignmentAsync(Guid id, Guid rotationId, string action, string? mediaType, byte[]? image, string? sha256, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO profile_assignments (id, rotation_id, action, media_type, image, image_sha256, assigned_at)
            VALUES (@id, @rotationId, @action, @mediaType, @image, @sha256, @now)
            """,
            new { id, rotationId, action, mediaType, image, sha256, now },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Assignment>> AssignmentsAsync(Guid rotationId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Assignment>(new CommandDefinition(
            """
            SELECT id AS Id, rotation_id AS RotationId, action AS Action, media_type AS MediaType, image_sha256 AS ImageSha256,
                CAST(COALESCE(LENGTH(image), 0) AS BIGINT) AS Bytes, assigned_at AS AssignedAt
            FROM profile_assignments WHERE rotation_id = @rotationId ORDER BY id
            """,
            new { rotationId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The bytes of one assignment's image, for the history's image endpoint.</summary>
    public async Task<(string? MediaType, byte[]? Image)> AssignmentImageAsync(Guid rotationId, Guid assignmentId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<(string?, byte[]?)>(new CommandDefinition(
            "SELECT media_type, image FROM profile_assignments WHERE id = @assignmentId AND rotation_id = @rotationId",
            new { rotationId, assignmentId },
            cancellationToken: cancellationToken));
    }
}
