using System.Text;
using System.Text.Json;

namespace Fairdrop.Batch.Model;

/// <summary>A job's parameters: names to text values, kept sorted so equal parameters give equal instance keys.</summary>
public sealed class JobParameters
{
    public static readonly JobParameters Empty = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, string> _values;

    private JobParameters(SortedDictionary<string, string> values) => _values = values;

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public static JobParameters From(IEnumerable<KeyValuePair<string, string>> values) =>
        new(new SortedDictionary<string, string>(values.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal));

    public static JobParameters FromJson(string json) =>
        From(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []);

    public JobParameters With(string name, string value)
    {
        var copy = new SortedDictionary<string, string>(_values, StringComparer.Ordinal) { [name] = value };
        return new JobParameters(copy);
    }

    public string ToJson() => JsonSerializer.Serialize(_values);

    /// <summary>The instance key: the identifying parameters in a canonical form.</summary>
    public string Key(Func<string, bool> identifying)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in _values)
        {
            if (identifying(name))
            {
                key.Append(name).Append('=').Append(Uri.EscapeDataString(value)).Append(';');
            }
        }

        return key.ToString();
    }

    public override string ToString() => string.Join(' ', _values.Select(p => $"{p.Key}={p.Value}"));
}
