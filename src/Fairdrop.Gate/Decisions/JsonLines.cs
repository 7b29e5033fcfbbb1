using System.Text.Json;

namespace Fairdrop.Gate.Decisions;

/// <summary>Reads a JSON-lines file, skipping blank lines and counting the ones <c>parse</c> refuses (null or a <see cref="JsonException"/>).</summary>
internal static class JsonLines
{
    public static async Task<(List<T> Items, int Skipped)> ReadSkippingAsync<T>(string path, Func<string, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        var items = new List<T>();
        var skipped = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            T? item;
            try
            {
                item = parse(line);
            }
            catch (JsonException)
            {
                item = null;
            }

            if (item is null)
            {
                skipped++;
            }
            else
            {
                items.Add(item);
            }
        }

        return (items, skipped);
    }
}
