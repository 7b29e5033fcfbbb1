namespace Fairdrop.Hosting;

/// <summary>Turns System.Text.Json's paths (<c>$.items[2].sku</c>) into the field names clients sent (<c>items[2].sku</c>).</summary>
internal static class JsonPaths
{
    public static string? ToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
