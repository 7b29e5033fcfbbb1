namespace Fairdrop.Gate.Activity;

/// <summary>
/// An event or a peer packed in 8 bytes: the low 32 bits of its unix time in milliseconds and a
/// 32-bit value (an action id, or a tagged peer). Ages are 32-bit differences from now, which stay
/// exact because the store forgets whatever is older than the horizon (at most a day) before it could wrap.
/// </summary>
internal static class ActivityEntry
{
    public static ulong Pack(long time, int value) => ((ulong)(uint)time << 32) | (uint)value;

    public static int Value(ulong entry) => (int)(uint)entry;

    /// <summary>Milliseconds from the entry to <paramref name="now"/>; negative for an entry later than now (another thread's clock).</summary>
    public static int Age(ulong entry, long now) => (int)((uint)now - (uint)(entry >> 32));

    /// <summary>A peer's identity folded to 32 bits with its kind in the low two bits.</summary>
    public static int Peer(IdentityKind kind, ulong identity) => (StableHash.Fold(identity) & ~3) | (int)kind;
}
