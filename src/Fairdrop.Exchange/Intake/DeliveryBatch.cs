using System.Data.Common;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Deliveries;

namespace Fairdrop.Exchange.Intake;

/// <summary>
/// Planned deliveries of one distribution, written in bulk inside the caller's transaction: rows are
/// <see cref="Add">added</see> (encoded) before the transaction begins, then <see cref="ExecuteAsync">executed</see>
/// in it, with the exchange's <see cref="MultiRowInsert"/> (a million-shopper restock round goes through here). A
/// delivery that exists already (same distribution and recipient, or the merchant's same source key) is left alone. A delivery may be written already
/// claimed for this process's dispatcher (status <c>sending</c>, leased like a claim; docs/adr/0012), for the caller
/// to hand to <see cref="Dispatch.DispatchHandoff"/> once committed.
/// </summary>
public sealed class DeliveryBatch : IDisposable
{
    private readonly MultiRowInsert _rows;

    // One row, refilled for every delivery: the insert copies it, so a batch allocates nothing per delivery but the boxes.
    private readonly object?[] _row = new object?[DeliveryStore.BulkColumns.Count];
    private readonly List<Guid> _claimed = [];

    /// <summary>A batch for <paramref name="distributionId"/> of <paramref name="merchantId"/> on the caller's connection, rows created at <paramref name="now"/>.</summary>
    public DeliveryBatch(DbConnection connection, Guid merchantId, Guid distributionId, string? topic, DateTimeOffset now)
    {
        _rows = DeliveryStore.BulkInsert(connection);
        _row[1] = merchantId;
        _row[2] = distributionId;
        _row[4] = topic;
        _row[9] = 0L;
        _row[10] = now;
    }

    /// <summary>Deliveries added and not executed yet.</summary>
    public int Pending => _rows.Pending;

    /// <summary>
    /// Adds one delivery on <paramref name="channel"/> (the exchange's channel name: email, sms, in_app, web_push,
    /// webhook) due at <paramref name="sendAt"/>: scheduled, or with <paramref name="claimedUntil"/>, already claimed until then.
    /// A <paramref name="sourceKey"/> is the caller's exactly-once key, unique per merchant: a delivery whose key exists is not written.
    /// </summary>
    public void Add(Guid id, Guid recipientId, string channel, DateTimeOffset sendAt, DateTimeOffset? claimedUntil = null, string? sourceKey = null)
    {
        _row[0] = id;
        _row[3] = recipientId;
        _row[5] = channel;
        _row[6] = claimedUntil is null ? DeliveryStatus.Scheduled : DeliveryStatus.Sending;
        _row[7] = sendAt;
        _row[8] = claimedUntil ?? sendAt;
        _row[11] = claimedUntil;
        _row[12] = sourceKey;
        if (claimedUntil is not null)
        {
            _claimed.Add(id);
        }

        _rows.Add(_row);
    }

    /// <summary>Writes every delivery added so far inside <paramref name="transaction"/>; returns how many were new.</summary>
    public Task<long> ExecuteAsync(DbTransaction transaction, CancellationToken cancellationToken) => _rows.ExecuteAsync(transaction, cancellationToken);

    /// <summary>
    /// Returns the deliveries this batch wrote claimed to the ordinary claim (scheduled again), inside
    /// <paramref name="transaction"/>: for a caller that will not hand them over after all.
    /// </summary>
    public async Task ReleaseClaimsAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await DeliveryStore.ReleaseClaimsAsync(transaction, _claimed, cancellationToken);
        _claimed.Clear();
    }

    public void Dispose() => _rows.Dispose();
}
