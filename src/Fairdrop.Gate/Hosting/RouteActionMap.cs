namespace Fairdrop.Gate.Hosting;

/// <summary>Finds a request's action (and product) from its method and path; compiled once, matched without allocating.</summary>
internal sealed class RouteActionMap
{
    private readonly (string? Method, string[] Segments, string Action)[] _routes;

    public RouteActionMap(IEnumerable<RouteMapping> routes)
    {
        _routes = [.. routes.Select(r => (r.Method, r.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries), r.Action))];
    }

    public IEnumerable<string> Actions => _routes.Select(r => r.Action).Append("other").Distinct();

    public string Match(string method, string path, out Range product)
    {
        foreach (var (routeMethod, segments, action) in _routes)
        {
            if ((routeMethod is null || string.Equals(routeMethod, method, StringComparison.OrdinalIgnoreCase)) && Matches(segments, path, out product))
            {
                return action;
            }
        }

        product = default;
        return "other";
    }

    private static bool Matches(string[] pattern, string path, out Range product)
    {
        product = default;
        var rest = path.AsSpan();
        var offset = 0;
        foreach (var expected in pattern)
        {
            while (rest.Length > 0 && rest[0] == '/')
            {
                rest = rest[1..];
                offset++;
            }

            if (expected == "**")
            {
                return true;
            }

            var end = rest.IndexOf('/');
            var segment = end < 0 ? rest : rest[..end];
            if (segment.IsEmpty)
            {
                return false;
            }

            if (expected == "{product}")
            {
                product = new Range(offset, offset + segment.Length);
            }
            else if (expected != "*" && !segment.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            rest = rest[segment.Length..];
            offset += segment.Length;
        }

        return rest.TrimStart('/').IsEmpty;
    }
}
