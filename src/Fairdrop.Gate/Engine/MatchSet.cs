namespace Fairdrop.Gate.Engine;

/// <summary>Which rules of a set matched, as bits: carried by value in a decision, so recording matches allocates nothing.</summary>
public struct MatchSet
{
    public const int Capacity = 256;
    private ulong _a;
    private ulong _b;
    private ulong _c;
    private ulong _d;

    public readonly bool IsEmpty => (_a | _b | _c | _d) == 0;

    public readonly int Count => System.Numerics.BitOperations.PopCount(_a) + System.Numerics.BitOperations.PopCount(_b)
        + System.Numerics.BitOperations.PopCount(_c) + System.Numerics.BitOperations.PopCount(_d);

    public void Add(int index)
    {
        var bit = 1UL << (index & 63);
        switch (index >> 6)
        {
            case 0: _a |= bit; break;
            case 1: _b |= bit; break;
            case 2: _c |= bit; break;
            default: _d |= bit; break;
        }
    }

    public readonly bool Contains(int index)
    {
        var word = (index >> 6) switch { 0 => _a, 1 => _b, 2 => _c, _ => _d };
        return (word & (1UL << (index & 63))) != 0;
    }
}
