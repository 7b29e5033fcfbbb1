using System.Buffers.Text;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>The installation's generated VAPID key pair: created by whichever node asks first, read by all others.</summary>
internal sealed class VapidKeyStore(DbConnectionFactory connections, TimeProvider time)
{
    public async Task<VapidKeys> GetOrCreateAsync(CancellationToken cancellationToken)
    {
        var candidate = VapidKeys.Generate();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_webpush_vapid (id, public_key, private_key, created_at) VALUES (1, @publicKey, @privateKey, @now) ON CONFLICT (id) DO NOTHING",
            new { publicKey = candidate.PublicKeyText, privateKey = Base64Url.EncodeToString(candidate.PrivateKey), now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<(string PublicKey, string PrivateKey)>(new CommandDefinition(
            "SELECT public_key, private_key FROM exchange_webpush_vapid WHERE id = 1", cancellationToken: cancellationToken));
        return VapidKeys.TryParse(row.PublicKey, row.PrivateKey)
            ?? throw new InvalidOperationException("The stored VAPID key pair is not a valid P-256 pair.");
    }
}
