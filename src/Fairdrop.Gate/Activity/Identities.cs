namespace Fairdrop.Gate.Activity;

/// <summary>
/// The 64-bit hashes of a request's four identities (0 when absent). Hashes, not strings, so the
/// store keeps no strings and a lookup allocates nothing; 64 bits make collisions among a million
/// identities about one in ten million.
/// </summary>
public readonly record struct Identities(ulong Customer, ulong Session, ulong Ip, ulong Device)
{
    public ulong this[IdentityKind kind] => kind switch
    {
        IdentityKind.Customer => Customer,
        IdentityKind.Session => Session,
        IdentityKind.Ip => Ip,
        _ => Device,
    };
}
