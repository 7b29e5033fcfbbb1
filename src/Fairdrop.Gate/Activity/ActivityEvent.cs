namespace Fairdrop.Gate.Activity;

/// <summary>One recorded request: when, which action, and folded hashes of its identities (for <c>distinct</c>). 32 bytes.</summary>
internal struct ActivityEvent
{
    public long At;
    public int Action;
    public int Customer;
    public int Session;
    public int Ip;
    public int Device;

    public readonly int Of(IdentityKind kind) => kind switch
    {
        IdentityKind.Customer => Customer,
        IdentityKind.Session => Session,
        IdentityKind.Ip => Ip,
        _ => Device,
    };
}
