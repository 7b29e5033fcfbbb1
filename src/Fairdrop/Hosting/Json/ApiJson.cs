using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fairdrop.Hosting.Json;

/// <summary>The HTTP API's JSON rules, in one place: what a request body may contain is decided here, before any endpoint.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // {"name":"a","name":"b"} is ambiguous: which one did the client mean? Refuse instead of keeping the last.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new FiniteDoubleConverter());
        options.Converters.Add(new StorableStringConverter());
        options.Converters.Add(new StorableJsonElementConverter());
    }
}
