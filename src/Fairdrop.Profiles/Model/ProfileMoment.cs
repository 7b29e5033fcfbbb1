namespace Fairdrop.Profiles.Model;

/// <summary>Where a drop or restock moment stands for a rotation waiting on it.</summary>
public enum ProfileMoment
{
    /// <summary>Not started yet.</summary>
    NotYet,

    /// <summary>Going on: the drop is open, the round has started.</summary>
    Started,

    /// <summary>Over: sold out, closed, the round finished.</summary>
    Ended,

    /// <summary>No such drop or product for this merchant, or no reader for this rule.</summary>
    Unknown,
}
