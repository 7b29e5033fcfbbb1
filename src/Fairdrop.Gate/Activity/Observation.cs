namespace Fairdrop.Gate.Activity;

/// <summary>
/// One request as each of its identities' shards sees it: the action and time to record, a bit per
/// identity kind that records this action, is present, and has queries wanted, and where answers go.
/// </summary>
internal readonly record struct Observation(int ActionId, long Now, int Recording, int Present, int Asked, bool[] Wanted, long[] Results);
