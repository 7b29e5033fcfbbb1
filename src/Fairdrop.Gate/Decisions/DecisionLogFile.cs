using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Fairdrop.Gate.Decisions;

/// <summary>Exported decisions, one JSON object per line (as the API returns them), read back oldest first for replay.</summary>
public static class DecisionLogFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads and orders every record; a line that is not a decision is a <see cref="FormatException"/> naming the line.</summary>
    public static async Task<IReadOnlyList<DecisionRecord>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var records = new List<DecisionRecord>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<DecisionRecord>(line, Json) is { Decision: not null, Action: not null } record
                    ? Normalize(record)
                    : throw new FormatException($"{path}:{number}: not a gate decision."));
            }
            catch (JsonException invalid)
            {
                throw new FormatException($"{path}:{number}: {invalid.Message}", invalid);
            }
        }

        return [.. records.OrderBy(r => r.At).ThenBy(r => r.Id)];
    }

    /// <summary>
    /// Reads and orders every record that parses; a line that is not a decision (cut short, garbled) is skipped and
    /// counted rather than ending the read: a recommendation over a night of traffic should survive a bad line.
    /// </summary>
    public static async Task<(IReadOnlyList<DecisionRecord> Records, int Skipped)> ReadSkippingAsync(string path, CancellationToken cancellationToken)
    {
        var (records, skipped) = await JsonLines.ReadSkippingAsync(path,
            line => JsonSerializer.Deserialize<DecisionRecord>(line, Json) is { Decision: not null, Action: not null } record ? Normalize(record) : null, cancellationToken);
        return ([.. records.OrderBy(r => r.At).ThenBy(r => r.Id)], skipped);
    }

    public static async IAsyncEnumerable<DecisionRecord> AsAsync(IEnumerable<DecisionRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }

    /// <summary>Writes records as JSON lines, for exports and tests.</summary>
    public static async Task WriteAsync(string path, IEnumerable<DecisionRecord> records, CancellationToken cancellationToken)
    {
        await using var writer = File.CreateText(path);
        foreach (var record in records)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(record, Json).AsMemory(), cancellationToken);
        }
    }

    // Absent text fields in hand-written logs read as empty, like the gate's own requests.
    private static DecisionRecord Normalize(DecisionRecord r) => r with
    {
        Method = r.Method ?? "GET",
        Path = r.Path ?? "/",
        CustomerId = r.CustomerId ?? string.Empty,
        SessionId = r.SessionId ?? string.Empty,
        DeviceId = r.DeviceId ?? string.Empty,
        UserAgent = r.UserAgent ?? string.Empty,
        ProductId = r.ProductId ?? string.Empty,
        MatchedRules = r.MatchedRules ?? string.Empty,
        ShadowRules = r.ShadowRules ?? string.Empty,
        RuleVersion = r.RuleVersion ?? string.Empty,
    };
}
