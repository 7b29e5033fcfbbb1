using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fairdrop.Hosting.Json;

/// <summary>
/// Reads free-form JSON (recipient attributes, distribution data) with the same rules as every other field: no
/// duplicate keys, and no string or key that <see cref="StorableStringConverter"/> would refuse. The built-in reader
/// keeps such an element as raw text, and the first response that writes it back out fails.
/// </summary>
internal sealed class StorableJsonElementConverter : JsonConverter<JsonElement>
{
    private static readonly JsonSerializerOptions Strict = new() { AllowDuplicateProperties = false };

    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonSerializer.Deserialize<JsonElement>(ref reader, Strict);
        Check(element);
        return element;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

    private static void Check(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    StorableStringConverter.Checked(element.GetString()!);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Check(item);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        StorableStringConverter.Checked(property.Name);
                        Check(property.Value);
                    }

                    break;
            }
        }
        catch (InvalidOperationException)
        {
            // Unescaping "\ud800" fails here rather than at read time.
            throw new JsonException("The text contains NUL or broken Unicode (an unpaired surrogate).");
        }
    }
}
