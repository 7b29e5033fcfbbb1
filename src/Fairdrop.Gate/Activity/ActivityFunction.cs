namespace Fairdrop.Gate.Activity;

/// <summary>The activity functions of the rule language.</summary>
public enum ActivityFunction
{
    /// <summary>Milliseconds since the identity's previous event of the action; <see cref="long.MaxValue"/> if none in the horizon.</summary>
    SinceLast,

    /// <summary>Events of the action by the identity within the window.</summary>
    Count,

    /// <summary>Distinct identities of another kind seen with the identity within the window (any action).</summary>
    Distinct,
}
