using System.Text.Json.Nodes;

namespace Fairdrop.Tests.Fuzz;

/// <summary>One operation of the OpenAPI document: method, path template, parameters and the request body's schema.</summary>
internal sealed record FuzzOperation(string Method, string Path, IReadOnlyList<FuzzParameter> Parameters, string? BodyContentType, JsonNode? BodySchema)
{
    public string Key => $"{Method} {Path}";

    /// <summary>Reads every operation of the document, path-level parameters included.</summary>
    public static List<FuzzOperation> ReadAll(JsonNode document)
    {
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var (method, operation) in item.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                var parameters = shared.Concat(operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => new FuzzParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"], p["required"]?.GetValue<bool>() ?? false))
                    .ToList();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var (contentType, schema) = content is null || content.Count == 0
                    ? (null, null)
                    : content.FirstOrDefault(c => c.Key == "application/json") is { Key: not null } json ? (json.Key, json.Value?["schema"]) : (content.First().Key, content.First().Value?["schema"]);
                operations.Add(new FuzzOperation(method.ToUpperInvariant(), path, parameters, contentType, schema));
            }
        }

        return operations;
    }
}
