using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// Finds the few cookies the gate reads (customer, session, device) in the Cookie header without building
/// ASP.NET Core's cookie collection (a dictionary and a string for every name and value, about a fifth of the
/// gate's work on a request). Only for plain headers: one header line of <c>name=value</c> pairs split by
/// <c>;</c>, values without quotes or percent escapes. There it finds what <c>Request.Cookies[name]</c> finds
/// (names ignore case, the last non-empty value wins); anything else is left to the framework's parser.
/// </summary>
internal static class CookieHeaderScan
{
    // RFC 6265 cookie-octet, minus '%': a value with an escape is unescaped by the framework, so it takes those.
    private static readonly SearchValues<char> PlainValueChars =
        SearchValues.Create("!#$&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // RFC 9110 token characters, as the framework's parser reads a cookie's name.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// For each of <paramref name="names"/>, where its value lies in <paramref name="header"/> (an empty range when
    /// absent); false when the header is not plain and the framework must parse it.
    /// </summary>
    public static bool TryFind(StringValues cookies, ReadOnlySpan<string> names, Span<Range> found, out string header)
    {
        found.Clear();
        header = string.Empty;
        if (cookies.Count == 0)
        {
            return true;
        }

        if (cookies.Count > 1)
        {
            return false;
        }

        header = cookies[0] ?? string.Empty;
        var text = header.AsSpan();
        var at = SkipSpaces(text, 0);
        while (at < text.Length)
        {
            if (text[at] == ';')
            {
                at = SkipSpaces(text, at + 1);
                continue;
            }

            var nameLength = Length(text, at, TokenChars);
            var equals = at + nameLength;
            if (nameLength == 0 || equals == text.Length || text[equals] != '=')
            {
                return false;
            }

            var valueStart = equals + 1;
            var valueEnd = valueStart + Length(text, valueStart, PlainValueChars);
            var next = SkipSpaces(text, valueEnd);
            if (next < text.Length && text[next] != ';')
            {
                return false; // A quote, an escape, a comma or a stray character: the framework's rules apply.
            }

            if (valueEnd > valueStart)
            {
                var name = text.Slice(at, nameLength);
                for (var i = 0; i < names.Length; i++)
                {
                    if (name.Equals(names[i], StringComparison.OrdinalIgnoreCase))
                    {
                        found[i] = new Range(valueStart, valueEnd);
                    }
                }
            }

            at = next;
        }

        return true;
    }

    private static int Length(ReadOnlySpan<char> text, int start, SearchValues<char> allowed)
    {
        var length = text[start..].IndexOfAnyExcept(allowed);
        return length < 0 ? text.Length - start : length;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int at)
    {
        while (at < text.Length && (text[at] == ' ' || text[at] == '\t'))
        {
            at++;
        }

        return at;
    }
}
