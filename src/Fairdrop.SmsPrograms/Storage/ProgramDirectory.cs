using System.Collections.Concurrent;
using System.Data.Common;

namespace Fairdrop.SmsPrograms.Storage;

/// <summary>
/// Each merchant's programs as inbound texts need them, read from the database at most every
/// <see cref="Freshness"/> (every text reads them; reading and decoding them was a sixth of an inbound text's cost in
/// bench sms-program). A program created on this node is seen at once; one created on another node within the freshness.
/// </summary>
internal sealed class ProgramDirectory(TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset ReadAt, IReadOnlyList<StoredProgram> Programs)> _byMerchant = new();

    public async Task<IReadOnlyList<StoredProgram>> OfMerchantAsync(DbConnection connection, DbTransaction? transaction, Guid merchantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_byMerchant.TryGetValue(merchantId, out var cached) && now - cached.ReadAt < Freshness)
        {
            return cached.Programs;
        }

        var programs = await ProgramStore.ListAsync(connection, transaction, merchantId, null, 1000, cancellationToken);
        _byMerchant[merchantId] = (now, programs);
        return programs;
    }

    /// <summary>Forgets the merchant's programs, after a change made on this node.</summary>
    public void Forget(Guid merchantId) => _byMerchant.TryRemove(merchantId, out _);
}
