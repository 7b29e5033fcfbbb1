using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// Numbers the shoppers of a log (by <see cref="ShopperKey"/>) and knows each one's label, without building a key
/// string per request: customers, sessions and addresses are looked up in their own tables.
/// </summary>
internal sealed class ShopperIndex(IReadOnlyDictionary<string, ShopperLabel> labels)
{
    private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, int> _hashed = [];
    private readonly List<ShopperClass> _classes = [];
    private readonly List<int> _purchases = [];
    private readonly List<string> _keys = [];

    public int Count => _classes.Count;

    public ShopperClass ClassOf(int shopper) => _classes[shopper];

    public int PurchasesOf(int shopper) => _purchases[shopper];

    /// <summary>The shopper's <see cref="ShopperKey"/>: the customer id when signed in, as drops know shoppers.</summary>
    public string KeyOf(int shopper) => _keys[shopper];

    /// <summary>
    /// The shopper's number (by <see cref="ShopperKey"/>), found by the identity hash the replay computed for the request (the gate's own
    /// 64-bit identity, so two shoppers share a number exactly when the gate would take them for one): a number looked up
    /// instead of a string hashed and compared, for every request of a long night; the class comes with it, from the same
    /// entry, where a separate list would cost another miss of the cache.
    /// </summary>
    public int IndexOf(DecisionRecord record, in Identities identities, out ShopperClass shopperClass)
    {
        var hash = record.CustomerId.Length > 0 ? identities.Customer : record.SessionId.Length > 0 ? identities.Session : identities.Ip;
        if (hash == 0)
        {
            var byText = IndexOfText(record); // an address that did not parse: by its text
            shopperClass = _classes[byText];
            return byText;
        }

        if (!_hashed.TryGetValue(hash, out var entry))
        {
            var index = Add(record);
            _hashed.Add(hash, entry = (index << 2) | (int)_classes[index]);
        }

        shopperClass = (ShopperClass)(entry & 3);
        return entry >> 2;
    }

    private int IndexOfText(DecisionRecord record)
    {
        var (table, key) = record.CustomerId.Length > 0 ? (_customers, record.CustomerId)
            : record.SessionId.Length > 0 ? (_sessions, record.SessionId)
            : (_addresses, record.Ip ?? "-");
        if (!table.TryGetValue(key, out var index))
        {
            table.Add(key, index = Add(record));
        }

        return index;
    }

    private int Add(DecisionRecord record)
    {
        var shopperKey = ShopperKey.Of(record);
        _keys.Add(shopperKey);
        var label = labels.GetValueOrDefault(shopperKey);
        _classes.Add(label?.Class ?? ShopperClass.Unknown);
        _purchases.Add(label?.Purchases ?? 0);
        return _classes.Count - 1;
    }
}
