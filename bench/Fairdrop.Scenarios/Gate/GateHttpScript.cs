using System.Globalization;

namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// The wrk script of <c>fairdrop-bench gate --http</c>: storefront traffic of 100,000 shoppers, each
/// with its own customer, session and device cookies and address (X-Forwarded-For from the trusted
/// loopback), mostly product views, some carts and searches, checkouts only after a cart, and one
/// request in a hundred from a scripted client.
/// </summary>
internal static class GateHttpScript
{
    /// <summary>
    /// The same traffic, each connection pausing on average <paramref name="pauseMilliseconds"/> before each request
    /// (uniformly from none to twice that, so connections do not send in lockstep bursts), so many connections offer a
    /// steady rate below saturation. wrk times a request from its first byte written: the pause is not latency.
    /// </summary>
    public static string Paced(int pauseMilliseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"delay = function() return math.random(0, {2 * pauseMilliseconds}) end\n") + Lua;

    public const string Lua = """
        local shoppers = 100000
        local carted = {}
        local browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"
        local form = "id=1&quantity=1"
        math.randomseed(math.floor(os.clock() * 1000000) + os.time())

        request = function()
          local s = math.random(shoppers)
          local r = math.random(16)
          local method, path, body = "GET", "/products/sneaker-" .. (s % 20), nil
          if r <= 2 then
            method, path, body = "POST", "/cart/add.js", form
            carted[s] = true
          elseif r == 3 then
            path = "/cart"
          elseif r == 4 and carted[s] then
            path = "/checkout"
          elseif r == 5 then
            path = "/search?q=sneaker"
          end
          local headers = {
            ["User-Agent"] = (math.random(100) == 1) and "python-requests/2.31" or browser,
            ["Cookie"] = "customer_id=c" .. s .. "; session_id=s" .. s .. "; _shopify_y=d" .. s,
            ["X-Forwarded-For"] = "203." .. math.floor(s / 65536) .. "." .. (math.floor(s / 256) % 256) .. "." .. (s % 256),
          }
          if body then
            headers["Content-Type"] = "application/x-www-form-urlencoded"
          end
          return wrk.format(method, path, headers, body)
        end
        """;
}
