using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fairdrop.Hosting.Json;

/// <summary>
/// Reads a number as a finite double, refusing NaN and infinities however they come: the quoted "NaN" and "Infinity"
/// that number-as-string handling lets through, and literals like 1e309 that overflow. No store and no JSON response
/// can hold them, so they are a 400 at the door instead of a 500 later.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double value;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number))
        {
            value = number;
        }
        else if (reader.TokenType == JsonTokenType.String
            && (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0
            && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var quoted))
        {
            value = quoted;
        }
        else
        {
            throw new JsonException("The JSON value could not be converted to a number.");
        }

        return double.IsFinite(value) ? value : throw new JsonException("The value must be a finite number.");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
