using CsCheck;
using Fairdrop.Exchange.Channels.Sms;

namespace Fairdrop.Exchange.Tests.Channels.Sms;

/// <summary>GSM-7 / UCS-2 segment counting: boundary table, and properties over generated texts.</summary>
public sealed class SmsSegmentsTests
{
    private const string Emoji = "😀";

    public static TheoryData<string, string, int, int> Vectors => new()
    {
        { string.Empty, SmsEncoding.Gsm7, 0, 0 },
        { new string('a', 160), SmsEncoding.Gsm7, 1, 160 },
        { new string('a', 161), SmsEncoding.Gsm7, 2, 161 },
        { new string('a', 306), SmsEncoding.Gsm7, 2, 306 },
        { new string('a', 307), SmsEncoding.Gsm7, 3, 307 },
        { new string('€', 80), SmsEncoding.Gsm7, 1, 160 },
        { new string('€', 81), SmsEncoding.Gsm7, 2, 162 },
        // 152 septets then an escape pair: the pair does not fit the first part's 153 and moves whole to the second.
        { new string('a', 152) + "{" + new string('a', 10), SmsEncoding.Gsm7, 2, 164 },
        { "Grüße! Ça coûte 5€ — ok", SmsEncoding.Ucs2, 1, 23 },
        { "Ünicödé ÄÖÑÜ àèéìòù ÇØøÅåÆæßÉ ΔΦΓΛΩΠΨΣΘΞ ¡¿§£¥@$", SmsEncoding.Gsm7, 1, 48 },
        { "Ünïcödé", SmsEncoding.Ucs2, 1, 7 },
        { new string('ж', 70), SmsEncoding.Ucs2, 1, 70 },
        { new string('ж', 71), SmsEncoding.Ucs2, 2, 71 },
        { new string('ж', 134), SmsEncoding.Ucs2, 2, 134 },
        { new string('ж', 135), SmsEncoding.Ucs2, 3, 135 },
        { string.Concat(Enumerable.Repeat(Emoji, 35)), SmsEncoding.Ucs2, 1, 70 },
        { string.Concat(Enumerable.Repeat(Emoji, 36)), SmsEncoding.Ucs2, 2, 72 },
        // 66 units then a surrogate pair: it does not fit the first part's 67 and moves whole, so three parts, not two.
        { new string('ж', 66) + Emoji + new string('ж', 66), SmsEncoding.Ucs2, 3, 134 },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Count_Vector_EncodingSegmentsAndUnits(string text, string encoding, int segments, int units) =>
        Assert.Equal(new SmsEncoding(encoding, segments, units), SmsSegments.Count(text));

    [Fact]
    public void Count_PlainGsmText_MatchesTheClosedForm() =>
        Gen.Char["abcXYZ019 .,!?@£"].Array[1, 800].Select(c => new string(c)).Sample(text =>
        {
            var n = text.Length;
            var expected = n <= 160 ? 1 : (n + 152) / 153;
            return SmsSegments.Count(text) == new SmsEncoding(SmsEncoding.Gsm7, expected, n);
        });

    [Fact]
    public void Count_AnyUcs2Text_NeverFewerPartsThanUnitsAllowNorSplitsAPair() =>
        Gen.Int[0, 3].Select(i => new[] { "ж", "a", Emoji, "中" }[i]).Array[0, 300].Select(parts => "ж" + string.Concat(parts)).Sample(text =>
        {
            var result = SmsSegments.Count(text);
            var lower = text.Length <= 70 ? 1 : (text.Length + 66) / 67;
            // A moved pair wastes at most one unit per part.
            var upper = text.Length <= 70 ? 1 : (text.Length + 65) / 66 + 1;
            return result.Encoding == SmsEncoding.Ucs2 && result.Units == text.Length && result.Segments >= lower && result.Segments <= upper;
        });

    [Fact]
    public void Count_GsmTextWithExtensionChars_CountsTwoSeptetsEach() =>
        Gen.Char["ab{}[]~|^€\\"].Array[1, 400].Select(c => new string(c)).Sample(text =>
        {
            var septets = text.Sum(c => "{}[]~|^€\\".Contains(c, StringComparison.Ordinal) ? 2 : 1);
            var result = SmsSegments.Count(text);
            return result.Encoding == SmsEncoding.Gsm7 && result.Units == septets && result.Segments >= (septets <= 160 ? 1 : (septets + 152) / 153);
        });
}
