namespace Fairdrop.Profiles.Model;

/// <summary>The states of a rotation (see <see cref="Rotation"/>) and its rules.</summary>
internal static class RotationStates
{
    public const string Waiting = "waiting";
    public const string Assigning = "assigning";
    public const string Active = "active";
    public const string Restoring = "restoring";
    public const string Restored = "restored";
    public const string RestoreFailed = "restore_failed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public const string Manual = "manual";
    public const string Drop = "drop";
    public const string Restock = "restock";
}
