namespace Fairdrop.Gate.Activity;

/// <summary>
/// One question a rule set asks of the store, such as "count of checkout by this ip in the last
/// minute". A rule set asks each distinct question once per request, whatever number of rules share it.
/// </summary>
public sealed record ActivityQuery(ActivityFunction Function, IdentityKind Identity, string Action, TimeSpan Window, IdentityKind Other = IdentityKind.Customer)
{
    public int ActionId { get; } = StableHash.Action(Action);

    public long WindowMilliseconds => (long)Window.TotalMilliseconds;
}
