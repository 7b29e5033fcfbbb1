using System.Text.Json;
using System.Text.Json.Serialization;
using Fairdrop.Core.Text;

namespace Fairdrop.Hosting.Json;

/// <summary>
/// Reads strings that can be stored and echoed back: no NUL (PostgreSQL refuses it, and no field of this API has a
/// use for it) and no unpaired surrogate (which System.Text.Json can read but not write). Names and ids have a stricter
/// rule of their own (<see cref="PlainText.IsPlain"/>), checked where they are validated.
/// </summary>
internal sealed class StorableStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Checked(reader.GetString()!)
            : throw new JsonException("The JSON value could not be converted to a string.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    internal static string Checked(string value) =>
        PlainText.IsStorable(value) ? value : throw new JsonException("The text contains NUL or broken Unicode (an unpaired surrogate).");
}
