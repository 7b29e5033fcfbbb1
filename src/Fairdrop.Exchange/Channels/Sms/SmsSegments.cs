using System.Buffers;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>
/// Counts SMS segments before sending (the cost of a message). GSM 03.38: the basic table takes one septet, the
/// extension table two (escape + char); 160 septets fit one message, 153 each part of a concatenated one, and an
/// escape pair is never split between parts. Anything outside GSM-7 goes as UCS-2: 70 UTF-16 code units alone,
/// 67 per part, and a surrogate pair is never split.
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    private static readonly SearchValues<char> BasicSet = SearchValues.Create(Basic);
    private static readonly SearchValues<char> ExtensionSet = SearchValues.Create(Extension);

    public static SmsEncoding Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsGsm7(text) ? CountGsm7(text) : CountUcs2(text);
    }

    public static bool IsGsm7(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!BasicSet.Contains(c) && !ExtensionSet.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    private static SmsEncoding CountGsm7(string text)
    {
        var units = 0;
        foreach (var c in text)
        {
            units += ExtensionSet.Contains(c) ? 2 : 1;
        }

        if (units <= 160)
        {
            return new SmsEncoding(SmsEncoding.Gsm7, units == 0 ? 0 : 1, units);
        }

        var segments = 1;
        var used = 0;
        foreach (var c in text)
        {
            var size = ExtensionSet.Contains(c) ? 2 : 1;
            if (used + size > 153)
            {
                segments++;
                used = 0;
            }

            used += size;
        }

        return new SmsEncoding(SmsEncoding.Gsm7, segments, units);
    }

    private static SmsEncoding CountUcs2(string text)
    {
        if (text.Length <= 70)
        {
            return new SmsEncoding(SmsEncoding.Ucs2, 1, text.Length);
        }

        var segments = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var size = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + size > 67)
            {
                segments++;
                used = 0;
            }

            used += size;
            i += size - 1;
        }

        return new SmsEncoding(SmsEncoding.Ucs2, segments, text.Length);
    }
}
