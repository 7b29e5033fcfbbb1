using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Profiles.Model;

namespace Fairdrop.Profiles.Storage;

/// <summary>The <c>social_profiles</c> and <c>profile_templates</c> tables.</summary>
internal sealed class ProfileStore(DbConnectionFactory connections)
{
    public async Task InsertAsync(ProfileRow row, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO social_profiles (id, merchant_id, network, base_url, handle, credential, created_at)
            VALUES (@Id, @MerchantId, @Network, @BaseUrl, @Handle, @Credential, @CreatedAt)
            """,
            row,
            cancellationToken: cancellationToken));
    }

    public async Task<ProfileRow?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(
            $"SELECT {ProfileRow.Columns} FROM social_profiles WHERE id = @id AND merchant_id = @merchantId",
            new { id, merchantId },
            cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the credential; false when the merchant has no such profile.</summary>
    public async Task<bool> SetCredentialAsync(Guid merchantId, Guid id, string credential, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE social_profiles SET credential = @credential WHERE id = @id AND merchant_id = @merchantId",
            new { id, merchantId, credential },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<ProfileRow>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProfileRow>(new CommandDefinition(
            $"SELECT {ProfileRow.Columns} FROM social_profiles WHERE merchant_id = @merchantId {(after is null ? string.Empty : "AND id > @after")} ORDER BY id LIMIT @limit",
            new { merchantId, after, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<ProfileTemplate?> TemplateAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ProfileTemplate>(new CommandDefinition(
            """
            SELECT badge_text AS BadgeText, badge_position AS BadgePosition, mask AS Mask, badge_background AS BadgeBackground, badge_foreground AS BadgeForeground
            FROM profile_templates WHERE merchant_id = @merchantId
            """,
            new { merchantId },
            cancellationToken: cancellationToken));
    }

    public async Task SaveTemplateAsync(Guid merchantId, ProfileTemplate template, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO profile_templates (merchant_id, badge_text, badge_position, mask, badge_background, badge_foreground, updated_at)
            VALUES (@merchantId, @BadgeText, @BadgePosition, @Mask, @BadgeBackground, @BadgeForeground, @now)
            ON CONFLICT (merchant_id) DO UPDATE SET badge_text = excluded.badge_text, badge_position = excluded.badge_position, mask = excluded.mask,
                badge_background = excluded.badge_background, badge_foreground = excluded.badge_foreground, updated_at = excluded.updated_at
            """,
            new { merchantId, template.BadgeText, template.BadgePosition, template.Mask, template.BadgeBackground, template.BadgeForeground, now },
            cancellationToken: cancellationToken));
    }
}
