using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>Collects the simulated requests, truths and evidence of one night; one seeded random drives everything.</summary>
internal sealed class NightBuilder(SimulationSettings settings)
{
    private readonly List<DecisionRecord> _log = [];
    private readonly Dictionary<string, ShopperKind> _truth = new(StringComparer.Ordinal);
    private readonly List<ShopperLabel> _labels = [];
    private long _ids;

    public Random Random { get; } = new(settings.Seed);

    public SimulationSettings Settings => settings;

    public void Add(DateTimeOffset at, string action, SimShopper who, string? product = null)
    {
        var path = action switch
        {
            "view_product" => "/products/" + product,
            "add_to_cart" => "/cart/add.js",
            "view_cart" => "/cart",
            "checkout" => "/checkout",
            _ => "/",
        };
        var method = action is "add_to_cart" or "checkout" ? "POST" : "GET";

        // Sequential ids in a GUID: unique and reproducible; order comes from the time.
        var id = new Guid((int)(_ids >> 32), (short)(_ids >> 16), (short)_ids, 0, 0, 0, 0, 0, 0, 0, 1);
        _ids++;
        _log.Add(new DecisionRecord(id, Guid.Empty, at, "allow", null, string.Empty, string.Empty, "simulated", method, path, action,
            who.Ip, who.Customer, who.Session, who.Device, who.UserAgent, product ?? string.Empty)
        {
            Headers = who.Headers,
        });
    }

    /// <summary>Declares a shopper's truth and what the merchant learns of it afterwards.</summary>
    public void Know(string shopper, ShopperKind kind, LabelEvidence evidence)
    {
        if (_truth.TryAdd(shopper, kind))
        {
            _labels.Add(ShopperLabel.From(shopper, evidence));
        }
    }

    public SimulatedNight Build()
    {
        _log.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id));
        return new SimulatedNight(_log, _labels, _truth);
    }
}
