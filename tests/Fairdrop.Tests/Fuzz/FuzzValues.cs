using System.Text.Json.Nodes;

namespace Fairdrop.Tests.Fuzz;

/// <summary>
/// The odd values the fuzz puts where a valid one was: wrong types, numbers out of range, strings empty, huge, broken
/// or strange. Raw ones are JSON that <see cref="JsonNode"/> cannot hold (1e309, lone surrogates, NUL); they are
/// spliced into the serialized text through a placeholder.
/// </summary>
internal static class FuzzValues
{
    public const string RawPlaceholder = "__fuzz_raw__";

    public static readonly string[] Raw =
    [
        "1e309", "-1e309", "123456789012345678901234567890", "-0", "1E-400", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\u0000b\"", "\"\\u0000\"",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e309\"", "\"\\u202eevil\"", "\"\\u0007\"", "\"line\\nbreak\"", "\"\\u0085\"",
    ];

    public static readonly string[] Strings =
    [
        "", " ", "0", "-1", "null", "true", "NaN", "Infinity", "not-a-guid", "00000000-0000-0000-0000-000000000000", "e\u0301", "😀", "\u200b",
        "'; DROP TABLE exchange_recipients; --", "../../etc/passwd", "%00", "%FF", "<script>alert(1)</script>", "{{ recipient.externalId }}",
        "{{", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "25:99", "Mars/Olympus", "not an email", "+1",
        "http://169.254.169.254/latest/meta-data", "javascript:alert(1)", "mailto:x@y",
    ];

    /// <summary>
    /// Odd path segments. No "%00": the in-memory test server refuses to build such a request at all (Kestrel turns it
    /// away with its own 400 before the app sees it), so it cannot reach the app this way.
    /// </summary>
    public static readonly string[] PathSegments =
    [
        "0", "-1", "not-a-guid", "00000000-0000-0000-0000-000000000000", "%FF", "..%2F..", "%E2%80%AE", "%C3%BC", "%20", "a%2Fb",
        new string('x', 5000), "%7B%7D", "null", "undefined",
    ];

    public static readonly string[] QueryValues =
    [
        "", "-1", "0", "abc", "99999999999999999999", "2147483648", "NaN", "1e309", "%00", "%FF", "true", "2099-01-01T00:00:00Z",
        "not-a-guid", "00000000-0000-0000-0000-000000000000", new string('q', 3000), "web_push", "sms",
    ];

    public static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=\"\"", "application/xml",
        "application/json; charset=utf-16", "application/json; charset=foo-bar", "application/json; charset=\"\"", "application/merge-patch+json",
        "garbage", "application/json; charset=latin1",
    ];

    public static JsonNode? Value(Random random, FuzzTenant other) => random.Next(22) switch
    {
        0 => JsonValue.Create(-1),
        1 => JsonValue.Create(0),
        2 => JsonValue.Create(long.MaxValue),
        3 => JsonValue.Create(long.MinValue),
        4 => JsonValue.Create(2147483648L),
        5 => JsonValue.Create(1.5),
        6 => JsonValue.Create(true),
        7 => null,
        8 => new JsonObject(),
        9 => new JsonArray(),
        10 => new JsonArray(1, "two", null),
        11 => JsonValue.Create(new string('x', 100_000)),
        12 => JsonValue.Create(new string('y', 300)),
        13 or 14 or 15 => JsonValue.Create(RawPlaceholder),
        16 => JsonValue.Create(other.RecipientId.ToString()),
        17 => JsonValue.Create(other.ProductId),
        18 => JsonValue.Create(Guid(random).ToString()),
        _ => JsonValue.Create(Strings[random.Next(Strings.Length)]),
    };

    public static Guid Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
