using System.Globalization;
using System.Text;
using Fairdrop.Core.Errors;

namespace Fairdrop.Core.Shoppers;

/// <summary>
/// The one spelling of a shopper id under which it is stored and compared: <c>S1</c>, <c>ｓ1</c> (fullwidth)
/// and <c>s1</c> are one shopper, so nobody gets a second entry (or a second allowance) by restyling an id.
/// </summary>
public static class ShopperIds
{
    /// <summary>Longest canonical id, in UTF-16 code units.</summary>
    public const int MaxLength = 200;

    // NFKC can expand a string (up to 18 times for one character); raw input past this is refused before any work.
    private const int MaxRawLength = 4 * MaxLength;

    /// <summary>
    /// Trim, NFKC, lower case, NFKC again. Refuses empty ids, ids over <see cref="MaxLength"/>, broken UTF-16, and
    /// control, format (zero-width), private-use and unassigned characters, which would let ids look alike yet differ.
    /// </summary>
    /// <remarks>
    /// Lower-casing is <see cref="string.ToLowerInvariant()"/>, Unicode's simple case mapping, not full case folding:
    /// <c>ß</c> stays <c>ß</c> (full folding makes it <c>ss</c>) and final sigma <c>ς</c> stays apart from <c>σ</c>.
    /// That is the PRECIS username profile's choice (RFC 8265 maps with toLower) and keeps one character one character.
    /// The second NFKC puts back into normal form the rare sequences lower-casing un-normalises.
    /// </remarks>
    public static Result<string> Canonicalize(string? raw)
    {
        var trimmed = raw?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxRawLength)
        {
            return Invalid($"A shopper id is 1 to {MaxLength} characters.");
        }

        if (!AllAllowed(trimmed))
        {
            return Invalid("A shopper id cannot hold control, zero-width, private-use or unassigned characters.");
        }

        var canonical = trimmed.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormKC).Trim();
        // Compatibility mapping can turn an allowed character into a space or a disallowed one (rare), so check again.
        if (canonical.Length is 0 or > MaxLength || !AllAllowed(canonical))
        {
            return Invalid($"A shopper id is 1 to {MaxLength} characters.");
        }

        return canonical;
    }

    private static bool AllAllowed(string text)
    {
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            // Also rejects a lone surrogate, which string.Normalize would throw on.
            if (Rune.DecodeFromUtf16(span, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }

            span = span[used..];
        }

        return true;
    }

    private static Error Invalid(string message) => Error.Validation("shopperId", message);
}
