using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fairdrop.Exchange;

/// <summary>How the exchange stores rules, contacts and content as JSON: the API's own shape (camelCase, snake_case enums).</summary>
internal static class ExchangeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"Stored {typeof(T).Name} is null.");
}
