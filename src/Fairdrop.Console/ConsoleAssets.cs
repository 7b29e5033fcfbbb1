using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.MerchantConsole;

/// <summary>The console's stylesheet and script, embedded in the assembly and served with a long cache and a content hash in the URL.</summary>
internal static class ConsoleAssets
{
    public const string AntiforgeryHeader = "X-Fairdrop-Antiforgery";

    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    public static byte[]? Read(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("Assets/" + n);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    /// <summary>The asset's URL with a version that changes with its content, so a new build is never served stale.</summary>
    public static string Url(string name) => $"/console/assets/{name}?v={Version(name)}";

    private static string Version(string name) => Read(name) is { } bytes ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..12] : "0";

    public static IResult Serve(string name, HttpContext context)
    {
        if (Read(name) is not { } bytes)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(bytes, ContentType(name));
    }
}
