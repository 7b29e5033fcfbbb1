namespace Fairdrop.Gate.Activity;

/// <summary>Who a request is attributed to; activity is kept per identity of each kind.</summary>
public enum IdentityKind
{
    Customer = 0,
    Session = 1,
    Ip = 2,
    Device = 3,
}
