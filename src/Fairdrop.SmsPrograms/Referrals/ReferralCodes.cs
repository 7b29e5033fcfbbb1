using System.Security.Cryptography;

namespace Fairdrop.SmsPrograms.Referrals;

/// <summary>
/// Referral codes: 7 characters from a cryptographic generator over an alphabet without look-alikes (no 0/O, 1/I/L),
/// 31^7 ≈ 2.75 × 10^10 codes, so guessing one is hopeless while it is still short enough to type in a text.
/// </summary>
internal static class ReferralCodes
{
    public const int Length = 7;
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>True when <paramref name="word"/> could be a code (case is ignored when typed); the caller upper-cases it.</summary>
    public static bool IsWellFormed(string word) => word.Length == Length && word.All(c => Alphabet.Contains(char.ToUpperInvariant(c)));
}
