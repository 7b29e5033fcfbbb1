using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fairdrop.Restock.Outbox;

/// <summary>
/// The exchange stores rules, contacts and content as JSON in its API's shape (camelCase, snake_case enums).
/// Its serializer is internal, so these options repeat it; the flow tests prove the exchange reads what we write.
/// </summary>
internal static class ExchangeJsonShape
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
