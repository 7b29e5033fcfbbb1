namespace Fairdrop.Gate.Activity;

/// <summary>
/// One identity in its shard's table, 64 bytes: the key, where its event ring lives in the shard's
/// <see cref="ActivitySlab"/>, and its first peers inline, so finding an identity costs no object
/// and reading it one or two adjacent cache lines.
/// </summary>
internal struct IdentitySlot
{
    public ulong Key;
    public long LastSeen;

    /// <summary>Slab offset of the event ring: <c>1 &lt;&lt; EventClass</c> entries, newest just before <see cref="EventHead"/>.</summary>
    public int Events;

    /// <summary>Slab offset of the peer list once it outgrew <see cref="Inline"/>; -1 while the peers are inline.</summary>
    public int Peers;
    public ushort EventHead;
    public ushort EventCount;
    public ushort PeerCount;
    public byte EventClass;
    public byte PeerClass;
    public InlinePeers Inline;
}
