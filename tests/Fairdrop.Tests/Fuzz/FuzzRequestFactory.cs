using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fairdrop.Tests.Fuzz;

/// <summary>
/// Builds requests for an operation: a valid one from the merchant's own ids, an example body or the schema, then at
/// most one mutation (of a path id, a query value, a body value, the body's structure or the content type).
/// </summary>
internal sealed class FuzzRequestFactory(JsonNode document, Random random, FuzzTenant a, FuzzTenant b)
{
    public static readonly string[] Credentials = ["none", "forged", "A", "B", "operator"];

    private static readonly string[] Mutations = ["path", "query", "body-value", "body-value", "body-structure", "content-type", "other-tenant-ids"];

    public FuzzRequest Create(FuzzOperation operation, string credential, bool mutate)
    {
        var (own, other) = credential == "B" ? (b, a) : (a, b);
        var sampler = new SchemaSampler(document, random, own);
        var mutation = mutate ? Mutations[random.Next(Mutations.Length)] : "none";
        var path = Path(operation, own, other, mutation);
        var query = Query(operation, sampler, mutation);
        var (body, contentType) = Body(operation, sampler, own, other, mutation);
        if (mutation == "content-type")
        {
            contentType = FuzzValues.ContentTypes[random.Next(FuzzValues.ContentTypes.Length)];
            body ??= """{"k": 1}"""u8.ToArray();
        }

        return new FuzzRequest(operation, credential, mutation, path + query, body, contentType);
    }

    private string Path(FuzzOperation operation, FuzzTenant own, FuzzTenant other, string mutation)
    {
        var path = operation.Path;
        var parameters = operation.Parameters.Where(p => p.In == "path").ToList();
        var odd = mutation == "path" && parameters.Count > 0 ? parameters[random.Next(parameters.Count)].Name : null;
        foreach (var parameter in parameters)
        {
            var value = parameter.Name == odd
                ? FuzzValues.PathSegments[random.Next(FuzzValues.PathSegments.Length)]
                : Uri.EscapeDataString(IdFor(operation.Path, parameter.Name, mutation == "other-tenant-ids" ? other : own));
            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private string Query(FuzzOperation operation, SchemaSampler sampler, string mutation)
    {
        var parameters = operation.Parameters.Where(p => p.In == "query").ToList();
        var odd = mutation == "query" && parameters.Count > 0 ? parameters[random.Next(parameters.Count)].Name : null;
        var parts = new List<string>();
        foreach (var parameter in parameters)
        {
            if (parameter.Name == odd)
            {
                parts.Add($"{parameter.Name}={OddQueryValue(parameter.Name)}");
            }
            else if (parameter.Required || random.Next(3) == 0)
            {
                var schema = sampler.Resolve(parameter.Schema);
                var value = sampler.Sample(schema, parameter.Name);
                if (value is not null && value.GetValueKind() is not JsonValueKind.Object and not JsonValueKind.Array)
                {
                    parts.Add($"{parameter.Name}={Uri.EscapeDataString(QueryText(parameter.Name, value))}");
                }
            }
        }

        if (mutation == "query" && random.Next(3) == 0)
        {
            // An undocumented parameter, and a documented one given twice.
            parts.Add("unexpected=1");
            if (parameters.Count > 0)
            {
                parts.Add($"{parameters[0].Name}=1&{parameters[0].Name}=2");
            }
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>
    /// An odd query value. <c>wait</c> (the drops long-poll, up to a bound of seconds) gets only odd values that do not
    /// make the request wait: a large valid one would spend the run's time budget sleeping, not testing.
    /// </summary>
    private string OddQueryValue(string name)
    {
        var value = FuzzValues.QueryValues[random.Next(FuzzValues.QueryValues.Length)];
        if (name == "wait" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 1)
        {
            value = "-1";
        }

        return Uri.EscapeDataString(value);
    }

    private static string QueryText(string name, JsonNode value) =>
        name == "wait" ? "0" : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private (byte[]? Body, string? ContentType) Body(FuzzOperation operation, SchemaSampler sampler, FuzzTenant own, FuzzTenant other, string mutation)
    {
        if (operation.BodyContentType is null)
        {
            // Undocumented bodies (webhooks that read the raw request) still get some, sometimes.
            return mutation is "body-value" or "body-structure" ? (Encoding.UTF8.GetBytes(RawBody()), random.Next(2) == 0 ? "application/x-www-form-urlencoded" : "application/json") : (null, null);
        }

        if (operation.BodyContentType != "application/json")
        {
            var text = mutation is "body-value" or "body-structure" ? RawBody() : "rule fuzz";
            return (Encoding.UTF8.GetBytes(text), operation.BodyContentType);
        }

        var node = Example(operation, own) ?? sampler.Sample(operation.BodySchema, "body");
        if (mutation == "other-tenant-ids")
        {
            node = JsonNode.Parse(node?.ToJsonString().Replace(own.SenderId.ToString(), other.SenderId.ToString(), StringComparison.Ordinal)
                .Replace(own.ProductId, other.ProductId, StringComparison.Ordinal) ?? "null");
        }

        var raw = FuzzValues.Raw[random.Next(FuzzValues.Raw.Length)];
        if (mutation == "body-value")
        {
            node = ReplaceRandomValue(node, other);
        }

        var json = (node?.ToJsonString() ?? "null").Replace($"\"{FuzzValues.RawPlaceholder}\"", raw, StringComparison.Ordinal);
        var bytes = mutation == "body-structure" ? Structure(json) : Encoding.UTF8.GetBytes(json);
        return (bytes, "application/json");
    }

    private JsonNode? ReplaceRandomValue(JsonNode? root, FuzzTenant other)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            return FuzzValues.Value(random, other);
        }

        var (parent, key) = slots[random.Next(slots.Count)];
        var value = random.Next(8) == 0 ? null : FuzzValues.Value(random, other);
        if (parent is JsonObject obj)
        {
            if (random.Next(6) == 0)
            {
                obj.Remove((string)key);
            }
            else
            {
                obj[(string)key] = value;
            }
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<(JsonNode, object)> slots)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                slots.Add((obj, name));
                Collect(child, slots);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                slots.Add((array, i));
                Collect(array[i], slots);
            }
        }
    }

    /// <summary>Breaks the JSON text itself: truncated, a duplicate key, invalid UTF-8, deep nesting, an extra field, not JSON.</summary>
    private byte[] Structure(string json)
    {
        switch (random.Next(9))
        {
            case 0:
                return Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]);
            case 1 when json.StartsWith('{') && json.Length > 2:
                var firstKey = json[1..].Split(':', 2)[0];
                return Encoding.UTF8.GetBytes("{" + firstKey + ":" + "\"dup\"," + json[1..]);
            case 2:
                var at = json.IndexOf('"', StringComparison.Ordinal) + 1;
                var bytes = Encoding.UTF8.GetBytes(json).ToList();
                bytes.InsertRange(Math.Clamp(at, 0, bytes.Count), new byte[] { 0xFF, 0xFE, 0xC3, 0x28 });
                return [.. bytes];
            case 3:
                return Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000));
            case 4 when json.StartsWith('{') && json.Length > 2:
                return Encoding.UTF8.GetBytes("{\"unexpectedField\": 1, " + json[1..]);
            case 5:
                return Encoding.UTF8.GetBytes("{\"body\": \"" + new string('z', 100_000) + "\"}");
            case 6:
                return Encoding.Unicode.GetBytes(json);
            case 7:
                return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)];
            default:
                return Encoding.UTF8.GetBytes(RawBody());
        }
    }

    private string RawBody() => random.Next(6) switch
    {
        0 => string.Empty,
        1 => "null",
        2 => "[]",
        3 => "MessageSid=SM1&From=%2B16502530000&Body=STOP&Body=x&%FF=%00",
        4 => string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=")),
        _ => "\u0000\u0001garbage{",
    };

    /// <summary>The id a path parameter takes for <paramref name="tenant"/>, from its name or the collection it follows.</summary>
    private string IdFor(string path, string name, FuzzTenant tenant)
    {
        var segments = path.Split('/');
        var index = Array.IndexOf(segments, "{" + name + "}");
        var collection = index > 0 ? segments[index - 1] : string.Empty;
        return (name, collection) switch
        {
            ("recipientId", _) or ("id", "recipients") => tenant.RecipientId.ToString(),
            ("merchantId", _) or ("id", "merchants") => tenant.MerchantId.ToString(),
            ("keyId", _) => tenant.SpareKeyId.ToString(),
            ("userId", _) => tenant.UserId,
            ("recipient", _) => tenant.ExternalId,
            ("id", "senders") => tenant.SenderId.ToString(),
            ("id", "distributions") => tenant.DistributionId.ToString(),
            ("id", "drops") => tenant.DropId.ToString(),
            ("productId", "products") => tenant.ProductId,
            ("name", "jobs") => "restock-rounds",
            _ => FuzzValues.Guid(random).ToString(),
        };
    }

    private JsonNode? Example(FuzzOperation operation, FuzzTenant own)
    {
        object? example = operation.Key switch
        {
            "POST /api/v1/merchants" => new { name = "Fuzz shop" },
            "POST /api/v1/merchant/keys/rotate" => new { graceSeconds = random.Next(2) * 3600 },
            "POST /api/v1/exchange/senders/" or "POST /api/v1/exchange/senders" or "PUT /api/v1/exchange/senders/{id}" => FuzzExamples.Sender("fuzz"),
            "POST /api/v1/exchange/recipients/" or "POST /api/v1/exchange/recipients" => FuzzExamples.Recipient("fuzz-r", "fuzz-user", "fuzz"),
            "POST /api/v1/exchange/recipients/bulk" => new { recipients = new[] { FuzzExamples.Recipient("fuzz-r1", "fuzz-user", "fuzz") } },
            "POST /api/v1/exchange/distributions/" or "POST /api/v1/exchange/distributions" => FuzzExamples.Distribution(own.SenderId, "fuzz"),
            "POST /api/v1/restock/products" => FuzzExamples.Products("fuzz-product", "fuzz"),
            "POST /api/v1/restock/subscriptions" => FuzzExamples.Subscription(own.ProductId, "fuzz"),
            "POST /api/v1/public/restock/subscriptions" => new { publishableKey = own.PublishableKey, productId = own.ProductId, channel = "email", contact = "s@shop.test", consentText = "yes" },
            "POST /api/v1/drops/" or "POST /api/v1/drops" => FuzzExamples.Drop(own.ProductId, "fuzz"),
            "POST /api/v1/inventory" => new { events = new[] { new { eventId = $"e{random.Next(1000)}", productId = own.ProductId, available = random.Next(3) } } },
            "POST /api/v1/inventory/snapshot" => new { available = new Dictionary<string, long> { [own.ProductId] = random.Next(3) } },
            "POST /api/v1/restock/products/{productId}/holds" => new { units = 1, minutes = 15, holdKey = $"k{random.Next(1000)}", holder = "fuzz-shopper" },
            "POST /api/v1/restock/purchases" => new { orderId = $"o{random.Next(1000)}", productId = own.ProductId, quantity = 1, revenue = 9.5 },
            _ => null,
        };
        return example is null ? null : JsonSerializer.SerializeToNode(example);
    }
}
