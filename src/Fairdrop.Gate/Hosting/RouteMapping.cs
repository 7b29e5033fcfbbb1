namespace Fairdrop.Gate.Hosting;

/// <summary>
/// Maps requests to an action. <see cref="Path"/> is matched by segment: <c>*</c> is any one
/// segment, <c>**</c> the rest of the path, <c>{product}</c> one segment taken as the product id.
/// </summary>
public sealed class RouteMapping
{
    /// <summary>HTTP method, or null for any.</summary>
    public string? Method { get; set; }

    public string Path { get; set; } = "/";

    public string Action { get; set; } = "other";
}
