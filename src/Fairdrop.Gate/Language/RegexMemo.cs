using System.Text.RegularExpressions;

namespace Fairdrop.Gate.Language;

/// <summary>
/// A rule's regex with the answers for the inputs it saw last, one per slot of a small direct-mapped
/// table: storefront traffic repeats a handful of user agents, so most requests compare strings
/// instead of running the matcher. Entries are immutable and swapped whole, so racing requests read
/// a consistent one; a timed-out match is not remembered.
/// </summary>
internal sealed class RegexMemo(Regex regex)
{
    private const int Slots = 32;
    private readonly Entry?[] _entries = new Entry?[Slots];

    public bool IsMatch(string input)
    {
        var slot = Slot(input);
        var entry = Volatile.Read(ref _entries[slot]);
        if (entry is not null && (ReferenceEquals(entry.Input, input) || string.Equals(entry.Input, input, StringComparison.Ordinal)))
        {
            return entry.Result;
        }

        bool result;
        try
        {
            result = regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // Fail open on our own regex, and try again next time.
        }

        Volatile.Write(ref _entries[slot], new Entry(input, result));
        return result;
    }

    // Cheap: length and three characters; inputs that collide just take turns in the slot.
    private static int Slot(string input) =>
        input.Length == 0 ? 0 : (input.Length * 31 + input[0] + (input[input.Length / 2] * 7) + (input[^1] * 13)) & (Slots - 1);

    private sealed record Entry(string Input, bool Result);
}
