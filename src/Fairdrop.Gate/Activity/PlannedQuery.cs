namespace Fairdrop.Gate.Activity;

/// <summary>An <see cref="ActivityQuery"/> flattened for the hot path: its result slot, function, action id and window in milliseconds.</summary>
internal readonly record struct PlannedQuery(int Slot, ActivityFunction Function, int Action, long Window, IdentityKind Other, IdentityKind Identity);
