using System.Text.Json.Nodes;

namespace Fairdrop.Tests.Fuzz;

/// <summary>A path, query or header parameter of an operation.</summary>
internal sealed record FuzzParameter(string Name, string In, JsonNode? Schema, bool Required);
