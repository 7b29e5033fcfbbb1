namespace Fairdrop.Gate.Language;

/// <summary>
/// The bounds on one rule file. Every rule file is input from a merchant (API, CLI, the proxy's hot
/// reload), so checking one must take bounded time, memory and stack whatever it holds; anything
/// over a bound is a diagnostic that names it, never a crash. Real rule sets sit far below each one.
/// </summary>
public static class RuleLimits
{
    /// <summary>Characters in a rule file; larger files are refused before parsing.</summary>
    public const int MaxSourceLength = 1 << 20;

    /// <summary>Terms (values, fields, function calls) in one rule's condition, list items aside.</summary>
    /// <remarks>Bounds the depth of the tree that binding and compiling walk: a chain of 'or' is as deep as it is long.</remarks>
    public const int MaxTermsPerRule = 128;

    /// <summary>Terms in the whole file: bounds the work of compiling it to delegates.</summary>
    /// <remarks>Emitting a rule's delegate costs about the square of its terms (the JIT), so the two bounds together cap a file's compile at about a second.</remarks>
    public const int MaxTermsPerFile = 2_048;

    /// <summary>Nesting of parentheses, 'not' and calls.</summary>
    public const int MaxNesting = 64;

    /// <summary>Items in one <c>[...]</c> list (an IP block list, a list of actions).</summary>
    public const int MaxListItems = 10_000;

    /// <summary>Regular expressions in the file: each builds a matcher, the costliest thing a check does.</summary>
    public const int MaxRegexes = 32;

    /// <summary>Characters in one regular expression.</summary>
    public const int MaxRegexLength = 1_000;

    /// <summary>Checks of rule text one merchant may run at once through the API.</summary>
    public const int MaxConcurrentChecksPerMerchant = 2;
}
