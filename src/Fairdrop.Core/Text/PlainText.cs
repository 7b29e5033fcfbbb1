using Fairdrop.Core.Errors;

namespace Fairdrop.Core.Text;

/// <summary>
/// The one rule for names and ids that people and systems pass around: no control characters (C0, DEL, C1) and no
/// unpaired surrogates. They break logs, CSV exports and other systems' parsers, and PostgreSQL refuses NUL outright.
/// </summary>
public static class PlainText
{
    public static bool IsPlain(ReadOnlySpan<char> value) => IsValid(value, allowControls: false);

    /// <summary>True when <paramref name="value"/> is well-formed UTF-16 without NUL: the least any stored text must be.</summary>
    public static bool IsStorable(ReadOnlySpan<char> value) => IsValid(value, allowControls: true);

    /// <summary>A validation error naming <paramref name="field"/> when <paramref name="value"/> is not plain; null when it is (or absent).</summary>
    public static Error? Check(string field, string? value) =>
        value is null || IsPlain(value) ? null : Error.Validation(field, $"{field} may not contain control characters or broken Unicode.");

    private static bool IsValid(ReadOnlySpan<char> value, bool allowControls)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0' || (!allowControls && char.IsControl(c)))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
