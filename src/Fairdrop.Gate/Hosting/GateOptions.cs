using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Gate.Hosting;

/// <summary>The gate's settings, bound from <c>Fairdrop:Gate</c> and validated at start.</summary>
public sealed class GateOptions : IValidatableObject
{
    public const string Section = "Fairdrop:Gate";

    /// <summary>A rule file, watched and hot-reloaded.</summary>
    public string? RulesPath { get; set; }

    /// <summary>Routes to actions, tried in order before <see cref="DefaultRoutes"/> (Shopify's storefront paths).</summary>
    public List<RouteMapping> Routes { get; set; } = [];

    /// <summary>Whether <see cref="DefaultRoutes"/> apply after <see cref="Routes"/>.</summary>
    public bool UseDefaultRoutes { get; set; } = true;

    /// <summary>Proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed; from anyone else it is ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    public string CustomerHeader { get; set; } = "X-Customer-Id";

    public string CustomerCookie { get; set; } = "customer_id";

    /// <summary>Cookies naming the session; the first present wins. Shopify's is <c>_shopify_s</c>.</summary>
    public List<string> SessionCookies { get; set; } = ["_shopify_s", "session_id"];

    /// <summary>Cookie naming the device; Shopify's long-lived visitor token is <c>_shopify_y</c>.</summary>
    public string DeviceCookie { get; set; } = "_shopify_y";

    public string DeviceHeader { get; set; } = "X-Device-Id";

    /// <summary>Product ids (from <c>{product}</c> routes) that are limited releases.</summary>
    public List<string> LimitedProducts { get; set; } = [];

    /// <summary>Requests held by delay rules at once; beyond it a delayed request is answered 429 at once.</summary>
    [Range(0, 1_000_000)]
    public int MaxHeldRequests { get; set; } = 1_000;

    /// <summary>Longest delay served, whatever a rule says.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where challenged shoppers are sent (the original path goes in <c>return_to</c>); without it they get a 403 challenge page.</summary>
    public string? ChallengeUrl { get; set; }

    /// <summary>Where queued shoppers are sent (a drop's queue); without it they get 503 with Retry-After.</summary>
    public string? QueueUrl { get; set; }

    /// <summary>The merchant the decisions of this gate belong to, for the decision log API.</summary>
    public Guid MerchantId { get; set; }

    public DecisionLogOptions DecisionLog { get; set; } = new();

    public static IReadOnlyList<RouteMapping> DefaultRoutes { get; } =
    [
        new() { Method = "POST", Path = "/cart/add", Action = "add_to_cart" },
        new() { Method = "POST", Path = "/cart/add.js", Action = "add_to_cart" },
        new() { Path = "/cart", Action = "view_cart" },
        new() { Path = "/cart.js", Action = "view_cart" },
        new() { Path = "/checkout", Action = "checkout" },
        new() { Path = "/checkout/**", Action = "checkout" },
        new() { Path = "/checkouts/**", Action = "checkout" },
        new() { Path = "/*/checkouts/**", Action = "checkout" },
        new() { Path = "/account/login", Action = "login" },
        new() { Path = "/account/register", Action = "register" },
        new() { Path = "/products/{product}", Action = "view_product" },
        new() { Path = "/collections/*/products/{product}", Action = "view_product" },
        new() { Path = "/search", Action = "search" },
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies)
        {
            if (!Language.IpList.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"'{proxy}' in TrustedProxies is not an IP address or CIDR range.", [nameof(TrustedProxies)]);
            }
        }

        var log = new List<ValidationResult>();
        Validator.TryValidateObject(DecisionLog, new ValidationContext(DecisionLog), log, validateAllProperties: true);
        foreach (var result in log)
        {
            yield return result;
        }

        foreach (var route in Routes)
        {
            if (!route.Path.StartsWith('/') || string.IsNullOrWhiteSpace(route.Action))
            {
                yield return new ValidationResult($"Route '{route.Path}' must start with '/' and name an action.", [nameof(Routes)]);
            }
        }
    }
}
