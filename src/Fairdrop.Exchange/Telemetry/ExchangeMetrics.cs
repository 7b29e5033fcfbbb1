using System.Diagnostics.Metrics;

namespace Fairdrop.Exchange.Telemetry;

/// <summary>The exchange's instruments, under the <c>Fairdrop.Exchange</c> meter.</summary>
internal sealed class ExchangeMetrics
{
    public const string MeterName = "Fairdrop.Exchange";

    private readonly Counter<long> _matched;
    private readonly Counter<long> _sent;

    public ExchangeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _matched = meter.CreateCounter<long>("fairdrop.exchange.matched", description: "Recipients matched, by outcome (a channel or a drop reason).");
        _sent = meter.CreateCounter<long>("fairdrop.exchange.sends", description: "Send attempts, by channel and result.");
    }

    public void Matched(string outcome, long count) => _matched.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void Send(string channel, string result) =>
        _sent.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("result", result));
}
