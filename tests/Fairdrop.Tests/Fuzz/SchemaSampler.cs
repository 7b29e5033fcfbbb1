using System.Text.Json.Nodes;

namespace Fairdrop.Tests.Fuzz;

/// <summary>
/// A plausible value for a JSON schema of the document: every property filled, formats honoured, and names that
/// mean something (senderId, email, timeZone, channel) given a value the API accepts, ids of the calling merchant.
/// </summary>
internal sealed class SchemaSampler(JsonNode document, Random random, FuzzTenant tenant)
{
    private const int MaxDepth = 6;

    public JsonNode? Sample(JsonNode? schema, string name = "", int depth = 0)
    {
        schema = Resolve(schema);
        if (schema is null || depth > MaxDepth)
        {
            return null;
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[random.Next(values.Count)]?.DeepClone();
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices && choices.Count > 0)
        {
            return Sample(choices.FirstOrDefault(c => Resolve(c)?["type"]?.ToString() != "null") ?? choices[0], name, depth);
        }

        return TypeOf(schema) switch
        {
            "object" => Object(schema, depth),
            "array" => new JsonArray(Sample(schema["items"], name, depth + 1)),
            "string" => JsonValue.Create(Text(schema["format"]?.GetValue<string>(), name)),
            "integer" => JsonValue.Create(name.Contains("limit", StringComparison.OrdinalIgnoreCase) ? 10 : random.Next(1, 5)),
            "number" => JsonValue.Create(1.5),
            "boolean" => JsonValue.Create(random.Next(2) == 0),
            _ => null,
        };
    }

    /// <summary>A plausible string for a path or query parameter.</summary>
    public string Text(string? format, string name)
    {
        var lower = name.ToLowerInvariant();
        return (format, lower) switch
        {
            (_, "senderid") => tenant.SenderId.ToString(),
            (_, "recipientid") => tenant.RecipientId.ToString(),
            (_, "distributionid") => tenant.DistributionId.ToString(),
            (_, "productid") => tenant.ProductId,
            (_, "externalid") => tenant.ExternalId,
            (_, "userid" or "inappuserid") => tenant.UserId,
            (_, "publishablekey") => tenant.PublishableKey,
            (_, "channel") => "email",
            (_, "timezone") => "Europe/Paris",
            (_, "email" or "fromaddress" or "replyto" or "contact") => "shopper@shop.test",
            (_, "phone") => "+16502530000",
            ("uuid", _) => FuzzValues.Guid(random).ToString(),
            ("date-time", _) => "2099-01-01T00:00:00Z",
            ("time", _) => "22:00:00",
            ("uri", _) or (_, "url" or "imageurl" or "webhookurl" or "endpoint") => FuzzExamples.Loopback + "/x",
            _ => $"fuzz-{random.Next(1000)}",
        };
    }

    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema?["$ref"] is { } reference; i++)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            schema = document["components"]?["schemas"]?[name];
        }

        return schema;
    }

    private JsonObject Object(JsonNode schema, int depth)
    {
        var result = new JsonObject();
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                result[name] = Sample(property, name, depth + 1);
            }
        }
        else if (schema["additionalProperties"] is JsonObject values)
        {
            result[tenant.ProductId] = Sample(values, "value", depth + 1);
        }
        else
        {
            // Free-form JSON (attributes, data).
            result["tier"] = "gold";
        }

        return result;
    }

    /// <summary>The schema's type, preferring a non-null one; OpenAPI 3.1 allows a list ("integer", "string" for numbers read from strings).</summary>
    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        JsonValue type => type.GetValue<string>(),
        _ => schema["properties"] is not null ? "object" : null,
    };
}
