namespace Fairdrop.Gate.Activity;

/// <summary>An identity's first four peers, inside its table slot: most identities never need more, so their peers cost no cache line of their own.</summary>
[System.Runtime.CompilerServices.InlineArray(Capacity)]
internal struct InlinePeers
{
    public const int Capacity = 4;

    private ulong _first;
}
