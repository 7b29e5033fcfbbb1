namespace Fairdrop.Gate.Activity;

/// <summary>
/// What a rule set's queries can ever ask, per identity kind: the actions some <c>since_last</c> or
/// <c>count</c> reads, and the kinds of peers some <c>distinct</c> reads. Built once per rule set; a
/// store may record only this (ADR 0008), and nothing at all for a kind nobody asks about.
/// </summary>
public sealed class ActivityInterest
{
    private const int Kinds = 4;
    private const int AllKinds = (1 << Kinds) - 1;

    // Distinct action ids asked about, and for each a bit per identity kind that asks about it.
    private readonly int[] _actions;
    private readonly int[] _kindsOf;
    private readonly int[] _peerKinds = new int[Kinds];
    private readonly int _kindsWithPeers;

    public ActivityInterest(IEnumerable<ActivityQuery> queries)
    {
        var kindsOf = new Dictionary<int, int>();
        foreach (var query in queries)
        {
            if (query.Function == ActivityFunction.Distinct)
            {
                _peerKinds[(int)query.Identity] |= 1 << (int)query.Other;
            }
            else
            {
                kindsOf[query.ActionId] = kindsOf.GetValueOrDefault(query.ActionId) | (1 << (int)query.Identity);
            }
        }

        _actions = [.. kindsOf.Keys];
        _kindsOf = [.. kindsOf.Values];
        _kindsWithPeers = Enumerable.Range(0, Kinds).Where(k => _peerKinds[k] != 0).Aggregate(0, (bits, k) => bits | (1 << k));
        KindsTouched = _kindsOf.Aggregate(_kindsWithPeers, (bits, kinds) => bits | kinds);
    }

    private ActivityInterest()
    {
        _actions = [];
        _kindsOf = [];
        Array.Fill(_peerKinds, AllKinds);
        _kindsWithPeers = AllKinds;
        KindsTouched = AllKinds;
        IsEverything = true;
    }

    /// <summary>Every action and every peer of every kind: what a caller without a rule set gets.</summary>
    public static ActivityInterest Everything { get; } = new();

    /// <summary>True for <see cref="Everything"/>.</summary>
    public bool IsEverything { get; }

    /// <summary>A bit per identity kind whose events of <paramref name="actionId"/> some query reads.</summary>
    public int KindsRecording(int actionId)
    {
        if (IsEverything)
        {
            return AllKinds;
        }

        var actions = _actions;
        for (var i = 0; i < actions.Length; i++)
        {
            if (actions[i] == actionId)
            {
                return _kindsOf[i];
            }
        }

        return 0;
    }

    /// <summary>A bit per kind of peer some <c>distinct</c> reads of identities of <paramref name="kind"/>.</summary>
    public int PeerKinds(IdentityKind kind) => _peerKinds[(int)kind & (Kinds - 1)];

    /// <summary>A bit per identity kind whose own slot some query can read or some event can be recorded in; the others are never looked up.</summary>
    public int KindsTouched { get; }

    /// <summary>True when a request of <paramref name="actionId"/> adds nothing a query can read: no query counts the action and none keeps peers.</summary>
    public bool Ignores(int actionId) => _kindsWithPeers == 0 && KindsRecording(actionId) == 0;

    /// <summary>A bit per identity kind that keeps peers at all.</summary>
    public int KindsWithPeers => _kindsWithPeers;
}
