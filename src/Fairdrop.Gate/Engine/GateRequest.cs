using System.Net;
using Fairdrop.Gate.Activity;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Gate.Engine;

/// <summary>
/// What the rules see of one request. Reused across requests (pooled by the middleware), so a
/// decision allocates nothing; strings are never null, an absent value is empty.
/// </summary>
public sealed class GateRequest
{
    private string _action = "other";

    /// <summary>The HTTP request, for <c>header()</c>, <c>query()</c> and <c>cookie()</c>; null outside HTTP.</summary>
    public HttpContext? Http { get; set; }

    public string Method { get; set; } = "GET";

    public string Path { get; set; } = "/";

    public string Host { get; set; } = string.Empty;

    public string UserAgent { get; set; } = string.Empty;

    public IPAddress? ClientIp { get; set; }

    /// <summary>The action the route maps to, such as <c>add_to_cart</c>.</summary>
    public string Action
    {
        get => _action;
        set
        {
            if (!ReferenceEquals(value, _action))
            {
                _action = value;
                ActionId = StableHash.Action(value);
            }
        }
    }

    public int ActionId { get; private set; } = StableHash.Action("other");

    public string CustomerId { get; set; } = string.Empty;

    public string SessionId { get; set; } = string.Empty;

    public string DeviceId { get; set; } = string.Empty;

    public string ProductId { get; set; } = string.Empty;

    public bool ProductLimited { get; set; }

    /// <summary>How old the customer's account is; <see cref="TimeSpan.MaxValue"/> when unknown, so "new account" rules do not fire on guests.</summary>
    public TimeSpan CustomerAge { get; set; } = TimeSpan.MaxValue;

    public double CustomerOrders { get; set; }

    public Identities Identities { get; set; }

    /// <summary>Answers to the rule set's activity queries, filled by the engine before the rules run.</summary>
#pragma warning disable CA1051 // A field, so compiled rules index it directly.
    internal long[] Activity = [];

    /// <summary>Which <see cref="Activity"/> slots this request's rules read, set by the engine.</summary>
    internal bool[] Wanted = [];
#pragma warning restore CA1051

    /// <summary>What <see cref="Header"/> reads in a replay for a header the recorded request carried: its value is not kept.</summary>
    internal const string ReplayedHeader = "(present)";

    internal long CustomerAgeMilliseconds => CustomerAge == TimeSpan.MaxValue ? long.MaxValue : (long)CustomerAge.TotalMilliseconds;

    /// <summary>Hashes the identity strings and the client IP into <see cref="Identities"/>; call after setting them.</summary>
    public void ComputeIdentities()
    {
        Identities = new Identities(
            StableHash.Identity(IdentityKind.Customer, CustomerId),
            StableHash.Identity(IdentityKind.Session, SessionId),
            StableHash.Identity(ClientIp),
            StableHash.Identity(IdentityKind.Device, DeviceId));
    }

    /// <summary>In a replay, the recorded request's header presence (<see cref="Decisions.RecordedHeaders"/>); null live and when not recorded.</summary>
    public string? RecordedHeaders { get; set; }

    /// <summary>
    /// The header's value; in a replay (no <see cref="Http"/>), a recorded header reads as a placeholder when it was present
    /// and as empty when it was not, so <c>header("Accept-Language") == ""</c> means what it meant live.
    /// </summary>
    internal string Header(string name) => Http is not null ? Http.Request.Headers[name].ToString()
        : RecordedHeaders is { } recorded && Decisions.RecordedHeaders.Contains(recorded, name) ? ReplayedHeader : string.Empty;

    internal string Query(string name) => Http is null ? string.Empty : Http.Request.Query[name].ToString();

    internal string Cookie(string name) => Http?.Request.Cookies[name] ?? string.Empty;

    /// <summary>Clears per-request state before reuse.</summary>
    public void Reset()
    {
        Http = null;
        RecordedHeaders = null;
        Method = "GET";
        Path = "/";
        Host = UserAgent = CustomerId = SessionId = DeviceId = ProductId = string.Empty;
        ClientIp = null;
        Action = "other";
        ProductLimited = false;
        CustomerAge = TimeSpan.MaxValue;
        CustomerOrders = 0;
        Identities = default;
    }
}
