namespace Fairdrop.Profiles.Rotations;

/// <summary>Waits between attempts: 30 s doubling, at most an hour.</summary>
internal static class Backoff
{
    public static TimeSpan After(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 12))));
}
