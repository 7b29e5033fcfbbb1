using System.Text.RegularExpressions;

namespace Fairdrop.Gate.Language;

/// <summary>
/// Regular expressions of rules run on the non-backtracking engine (linear time, so a
/// pathological pattern cannot stall the gate) and under a match timeout as well.
/// </summary>
internal static class SafeRegex
{
    public static Regex? TryCreate(string pattern, TimeSpan timeout, out string? error)
    {
        try
        {
            error = null;
            var regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, timeout);

            // Build the matcher's first states now, at compile time, rather than on the first request.
            _ = IsMatch(regex, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 curl python");
            return regex;
        }
        catch (NotSupportedException)
        {
            error = "The pattern uses backreferences, lookarounds or atomic groups, which can take exponential time; rewrite it without them.";
            return null;
        }
        catch (ArgumentException invalid)
        {
            error = $"Invalid regular expression: {invalid.Message}";
            return null;
        }
    }

    /// <summary>A match that runs out of time counts as no match: the gate fails open on its own regexes.</summary>
    public static bool IsMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
