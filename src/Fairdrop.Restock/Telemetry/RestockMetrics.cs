using System.Diagnostics.Metrics;
using Fairdrop.Restock.Rounds;

namespace Fairdrop.Restock.Telemetry;

/// <summary>Restock's instruments, under the <c>Fairdrop.Restock</c> meter: what rounds wrote, storefront subscriptions and Shopify webhooks.</summary>
internal sealed class RestockMetrics
{
    public const string MeterName = "Fairdrop.Restock";

    private readonly Counter<long> _rounds;
    private readonly Counter<long> _waves;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _subscriptions;
    private readonly Counter<long> _webhooks;

    public RestockMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rounds = meter.CreateCounter<long>("fairdrop.restock.rounds", "{round}", "Rounds opened (or resumed by a restock), paused (sold out) and completed, by event.");
        _waves = meter.CreateCounter<long>("fairdrop.restock.waves", "{wave}", "Waves of alerts written.");
        _alerts = meter.CreateCounter<long>("fairdrop.restock.alerts", "{alert}", "Alerts written to the exchange by rounds.");
        _subscriptions = meter.CreateCounter<long>("fairdrop.restock.storefront.subscriptions", "{subscription}", "Storefront subscribe calls, by result (created, existing, or the error code).");
        _webhooks = meter.CreateCounter<long>("fairdrop.restock.shopify.webhooks", "{webhook}", "Shopify webhooks, by topic and result (ok or the error code).");
    }

    public void Advanced(RoundProgress progress)
    {
        Add(_rounds, progress.Opened, "event", "opened");
        Add(_rounds, progress.Paused, "event", "paused");
        Add(_rounds, progress.Completed, "event", "completed");
        _waves.Add(progress.Waves);
        _alerts.Add(progress.Alerts);
    }

    public void Subscribed(string result) => _subscriptions.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Webhook(string topic, string result) =>
        _webhooks.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("result", result));

    private static void Add(Counter<long> counter, long count, string tag, string value)
    {
        if (count > 0)
        {
            counter.Add(count, new KeyValuePair<string, object?>(tag, value));
        }
    }
}
