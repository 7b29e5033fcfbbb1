namespace Fairdrop.SmsPrograms.Hours;

/// <summary>Why a marketing text was not planned; stable words, stored with the alert and shown in reports.</summary>
public static class DropReasons
{
    /// <summary>The next allowed moment (hours and subject limit) comes after the alert's deadline.</summary>
    public const string DeadlinePassed = "deadline_passed";

    /// <summary>No moment in the planner's horizon is allowed in every zone the number may be in.</summary>
    public const string NoAllowedTime = "no_allowed_time";

    /// <summary>The number is not one the hours rules can place.</summary>
    public const string UnknownNumber = "unknown_number";
}
