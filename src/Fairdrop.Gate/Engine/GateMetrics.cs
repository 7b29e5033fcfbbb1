using System.Diagnostics.Metrics;

namespace Fairdrop.Gate.Engine;

/// <summary>The <c>Fairdrop.Gate</c> meter: decisions by action, reloads, held requests.</summary>
public sealed class GateMetrics
{
    public const string MeterName = "Fairdrop.Gate";

    // Tag values are interned once, so counting a decision boxes nothing.
    private static readonly KeyValuePair<string, object?>[] ActionTags =
        [.. Enum.GetValues<GateAction>().Select(a => new KeyValuePair<string, object?>("action", a.ToString().ToLowerInvariant()))];

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _reloads;
    private readonly UpDownCounter<long> _held;

    public GateMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _decisions = meter.CreateCounter<long>("fairdrop.gate.decisions", description: "Requests judged, by action taken.");
        _reloads = meter.CreateCounter<long>("fairdrop.gate.reloads", description: "Rule set reloads, by outcome.");
        _held = meter.CreateUpDownCounter<long>("fairdrop.gate.held_requests", description: "Requests held by a delay right now.");
    }

    public void Decided(GateAction action) => _decisions.Add(1, ActionTags[(int)action]);

    public void Reloaded(bool success) => _reloads.Add(1, new KeyValuePair<string, object?>("outcome", success ? "applied" : "rejected"));

    public void Held(int delta) => _held.Add(delta);
}
