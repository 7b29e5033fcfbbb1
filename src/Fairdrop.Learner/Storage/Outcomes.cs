namespace Fairdrop.Learner.Storage;

/// <summary>Values of <c>learner_decisions.outcome</c>: NULL while pending, then one of these.</summary>
internal static class Outcomes
{
    public const int Dropped = -1;
    public const int NotEngaged = 0;
    public const int Engaged = 1;

    public static string Name(int? outcome) => outcome switch
    {
        null => "pending",
        Dropped => "dropped",
        Engaged => "engaged",
        _ => "not_engaged",
    };
}
