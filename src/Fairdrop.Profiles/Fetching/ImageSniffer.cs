namespace Fairdrop.Profiles.Fetching;

/// <summary>
/// Names an image by its first bytes, never by the Content-Type a server claims: JPEG, PNG and WebP pass; SVG (scripts,
/// external references) and HTML served as an image are named so the refusal can say what came.
/// </summary>
internal static class ImageSniffer
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string WebP = "image/webp";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The media type of an accepted image, or null.</summary>
    public static string? MediaType(ReadOnlySpan<byte> head)
    {
        if (head is [0xFF, 0xD8, 0xFF, ..])
        {
            return Jpeg;
        }

        if (head.StartsWith(PngSignature))
        {
            return Png;
        }

        return head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? WebP : null;
    }

    /// <summary>The media type a shop's current avatar is sent back with: ours, or GIF (Mastodon takes it), else JPEG as networks assume.</summary>
    public static string AvatarMediaType(ReadOnlySpan<byte> head) =>
        MediaType(head) ?? (head.StartsWith("GIF8"u8) ? "image/gif" : Jpeg);

    /// <summary>What a refused body looks like, for the refusal's words.</summary>
    public static string Describe(ReadOnlySpan<byte> head)
    {
        var text = System.Text.Encoding.UTF8.GetString(head[..Math.Min(head.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        if (text.Contains("<svg", StringComparison.Ordinal))
        {
            return "an SVG document";
        }

        if (text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.Contains("<html", StringComparison.Ordinal))
        {
            return "an HTML page";
        }

        return head.Length == 0 ? "an empty body" : "not a JPEG, PNG or WebP image";
    }
}
