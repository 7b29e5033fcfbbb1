using System.Text.Json;

namespace Fairdrop.Tests.Fuzz;

/// <summary>What every response must be, whatever was sent: no 5xx; every 4xx a problem with a known code; nothing of the other merchant.</summary>
internal sealed class FuzzOracle(HashSet<string> knownCodes, FuzzTenant a, FuzzTenant b)
{
    // Another merchant's ids that a side has itself sent (A's key, or no key, which writes only into A's world through
    // public endpoints): they may come back later in that side's own data without having leaked.
    private readonly HashSet<string> _sentByA = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _sentByB = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the response is wrong, or null when it is fine.</summary>
    public string? Judge(FuzzRequest request, int status, string? mediaType, string body, string? location)
    {
        if (status >= 500)
        {
            return $"server error {status}";
        }

        if (status >= 400)
        {
            if (mediaType != "application/problem+json")
            {
                return $"{status} is not a problem (Content-Type {mediaType ?? "none"})";
            }

            try
            {
                var problem = JsonDocument.Parse(body).RootElement;
                var code = problem.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                if (string.IsNullOrEmpty(code))
                {
                    return $"{status} problem without a code";
                }

                if (!knownCodes.Contains(code))
                {
                    return $"{status} problem with an undocumented code '{code}'";
                }
            }
            catch (JsonException)
            {
                return $"{status} problem that is not JSON";
            }
        }

        // Another merchant's strings in a response are a leak unless the request itself carried them (an echo).
        var (other, sent) = request.Credential switch
        {
            "A" or "none" or "forged" => (b, _sentByA),
            "B" => (a, _sentByB),
            _ => (null, null),
        };
        if (other is null || sent is null)
        {
            return null;
        }

        var echoable = request.Echoable;
        sent.UnionWith(other.Secrets().Where(s => echoable.Contains(s, StringComparison.OrdinalIgnoreCase)));
        var seen = other.Secrets().FirstOrDefault(s => !sent.Contains(s)
            && (body.Contains(s, StringComparison.OrdinalIgnoreCase) || (location?.Contains(s, StringComparison.OrdinalIgnoreCase) ?? false)));
        return seen is null ? null : $"{status} response shows merchant {other.Label}'s '{seen}'";
    }
}
