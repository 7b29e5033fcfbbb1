using Microsoft.AspNetCore.Http;
using System.Net;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Recommendations.Labels;
using Fairdrop.Gate.Recommendations.Simulation;

namespace Fairdrop.Gate.Tests.Recommendations;

/// <summary>A rule run live through the real gate engine over a simulated night, request by request at its time: what it acted on, by true kind.</summary>
internal sealed class LiveRun
{
    public Dictionary<ShopperKind, (long Requests, long Acted)> ByKind { get; } = [];

    public HashSet<string> ShoppersActedOn { get; } = new(StringComparer.Ordinal);

    public long Acted { get; private set; }

    public static LiveRun Of(string rule, SimulatedNight night)
    {
        var gate = new Gate(rule);
        var run = new LiveRun();
        foreach (var record in night.Log)
        {
            gate.Time.SetUtcNow(record.At);
            var request = new GateRequest
            {
                Method = record.Method,
                Path = record.Path,
                Action = record.Action,
                ClientIp = IPAddress.Parse(record.Ip!),
                CustomerId = record.CustomerId,
                SessionId = record.SessionId,
                DeviceId = record.DeviceId,
                UserAgent = record.UserAgent,
                ProductId = record.ProductId,
                Http = Browser(record.Headers),
            };
            request.ComputeIdentities();
            var acted = gate.Decide(request).Action != GateAction.Allow;
            var kind = night.KindOf(record);
            var (requests, actedOn) = run.ByKind.GetValueOrDefault(kind);
            run.ByKind[kind] = (requests + 1, actedOn + (acted ? 1 : 0));
            if (acted)
            {
                run.Acted++;
                run.ShoppersActedOn.Add(ShopperKey.Of(record));
            }
        }

        return run;
    }

    /// <summary>A live request carrying the recorded headers, with made-up values: the gate reads them as it would live.</summary>
    private static DefaultHttpContext? Browser(string? headers)
    {
        if (headers is null)
        {
            return null;
        }

        var http = new DefaultHttpContext();
        foreach (var name in headers.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            http.Request.Headers[name] = "value-" + name;
        }

        return http;
    }

    public double Caught(params ShopperKind[] kinds) =>
        (double)kinds.Sum(k => ByKind.GetValueOrDefault(k).Acted) / kinds.Sum(k => ByKind.GetValueOrDefault(k).Requests);

    public double HumansAffected(SimulatedNight night)
    {
        var humans = night.Truth.Where(t => t.Value == ShopperKind.Human).Select(t => t.Key).ToList();
        return (double)humans.Count(ShoppersActedOn.Contains) / humans.Count;
    }
}
