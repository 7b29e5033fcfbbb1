using Fairdrop.Gate.Activity;

namespace Fairdrop.Gate.Tests.Activity;

/// <summary>
/// What every activity store must answer, run against each store: the memory store here, Redis when
/// <c>FAIRDROP_TEST_REDIS</c> names one. Times are passed explicitly, so no clock is involved.
/// </summary>
public abstract class ActivityStoreContract
{
    protected const long T0 = 1_764_320_400_000;
    private static readonly int AddToCart = StableHash.Action("add_to_cart");
    private static readonly int Checkout = StableHash.Action("checkout");

    /// <summary>A fresh, empty store (for Redis: its own key prefix).</summary>
    protected abstract IActivityStore CreateStore(ActivityOptions options);

    protected static ActivityOptions DefaultOptions => new() { Horizon = TimeSpan.FromHours(1) };

    protected static Identities Shopper(string customer, string ip = "203.0.113.7", string session = "", string device = "") => new(
        StableHash.Identity(IdentityKind.Customer, customer),
        StableHash.Identity(IdentityKind.Session, session),
        StableHash.Identity(System.Net.IPAddress.Parse(ip)),
        StableHash.Identity(IdentityKind.Device, device));

    protected static async Task<long[]> ObserveAsync(IActivityStore store, Identities who, int action, long now, params ActivityQuery[] queries)
    {
        var results = new long[queries.Length];
        await store.ObserveAsync(who, action, now, queries, results, CancellationToken.None);
        return results;
    }

    [SkippableFact]
    public async Task SinceLast_NoHistory_IsMaxValue()
    {
        var store = CreateStore(DefaultOptions);
        var query = new ActivityQuery(ActivityFunction.SinceLast, IdentityKind.Customer, "add_to_cart", TimeSpan.FromHours(1));

        var results = await ObserveAsync(store, Shopper("alice"), AddToCart, T0, query);

        Assert.Equal(long.MaxValue, results[0]);
    }

    [SkippableFact]
    public async Task SinceLast_PreviousEventOfTheAction_IsTheElapsedTime()
    {
        var store = CreateStore(DefaultOptions);
        var sinceCart = new ActivityQuery(ActivityFunction.SinceLast, IdentityKind.Customer, "add_to_cart", TimeSpan.FromHours(1));
        var sinceCheckout = new ActivityQuery(ActivityFunction.SinceLast, IdentityKind.Customer, "checkout", TimeSpan.FromHours(1));

        await ObserveAsync(store, Shopper("alice"), AddToCart, T0);
        await ObserveAsync(store, Shopper("alice"), AddToCart, T0 + 1_000);
        await ObserveAsync(store, Shopper("alice"), Checkout, T0 + 1_100);
        var results = await ObserveAsync(store, Shopper("alice"), AddToCart, T0 + 1_400, sinceCart, sinceCheckout);

        Assert.Equal(400, results[0]);
        Assert.Equal(300, results[1]);
    }

    [SkippableFact]
    public async Task SinceLast_EventBeyondTheHorizon_IsForgotten()
    {
        var store = CreateStore(new ActivityOptions { Horizon = TimeSpan.FromMinutes(10) });
        var query = new ActivityQuery(ActivityFunction.SinceLast, IdentityKind.Customer, "checkout", TimeSpan.FromMinutes(10));

        await ObserveAsync(store, Shopper("alice"), Checkout, T0);
        var within = await ObserveAsync(store, Shopper("alice"), AddToCart, T0 + 600_000, query);
        var beyond = await ObserveAsync(store, Shopper("alice"), AddToCart, T0 + 600_001, query);

        Assert.Equal(600_000, within[0]);
        Assert.Equal(long.MaxValue, beyond[0]);
    }

    [SkippableFact]
    public async Task Count_EventsOfTheActionWithinTheWindow_AreCountedBeforeThisOne()
    {
        var store = CreateStore(DefaultOptions);
        var query = new ActivityQuery(ActivityFunction.Count, IdentityKind.Ip, "checkout", TimeSpan.FromMinutes(1));
        var seen = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var results = await ObserveAsync(store, Shopper("c" + i), i == 3 ? AddToCart : Checkout, T0 + (i * 10_000), query);
            seen.Add(results[0]);
        }

        // At 60 s the checkout at 0 s is exactly a minute old and out; at 70 s so is the one at 10 s; the add-to-cart never counts.
        Assert.Equal([0, 1, 2, 3, 3, 4, 4, 4], seen);
    }

    [SkippableFact]
    public async Task Count_OtherIdentities_AreSeparate()
    {
        var store = CreateStore(DefaultOptions);
        var byCustomer = new ActivityQuery(ActivityFunction.Count, IdentityKind.Customer, "add_to_cart", TimeSpan.FromMinutes(1));
        var bySession = new ActivityQuery(ActivityFunction.Count, IdentityKind.Session, "add_to_cart", TimeSpan.FromMinutes(1));

        await ObserveAsync(store, Shopper("alice", "198.51.100.1", session: "s1"), AddToCart, T0);
        await ObserveAsync(store, Shopper("alice", "198.51.100.2", session: "s2"), AddToCart, T0 + 1);
        var bob = await ObserveAsync(store, Shopper("bob", "198.51.100.3", session: "s1"), AddToCart, T0 + 2, byCustomer, bySession);
        var alice = await ObserveAsync(store, Shopper("alice", "198.51.100.4"), AddToCart, T0 + 3, byCustomer, bySession);

        Assert.Equal([0, 1], bob);
        Assert.Equal([2, 0], alice); // no session on this request: session queries answer 0
    }

    [SkippableFact]
    public async Task Distinct_OtherKindWithinTheWindow_CountsEachOnce()
    {
        var store = CreateStore(DefaultOptions);
        var customersPerIp = new ActivityQuery(ActivityFunction.Distinct, IdentityKind.Ip, string.Empty, TimeSpan.FromMinutes(10), IdentityKind.Customer);
        await ObserveAsync(store, Shopper("a", "198.51.100.9"), AddToCart, T0);
        await ObserveAsync(store, Shopper("b", "198.51.100.9"), Checkout, T0 + 1_000);
        await ObserveAsync(store, Shopper("a", "198.51.100.9"), Checkout, T0 + 2_000);
        await ObserveAsync(store, Shopper("c", "198.51.100.9"), AddToCart, T0 + 300_000);

        var soon = await ObserveAsync(store, Shopper("d", "198.51.100.9"), AddToCart, T0 + 301_000, customersPerIp);
        var mid = await ObserveAsync(store, Shopper("d", "198.51.100.9"), AddToCart, T0 + 601_500, customersPerIp);
        var later = await ObserveAsync(store, Shopper("d", "198.51.100.9"), AddToCart, T0 + 602_500, customersPerIp);

        Assert.Equal(3, soon[0]); // a, b, c
        Assert.Equal(3, mid[0]); // b left the window; a stays, seen again at 2 s; d arrived
        Assert.Equal(2, later[0]); // c and d
    }

    [SkippableFact]
    public async Task Observe_ConcurrentRequestsOfOneShopper_CountEveryOne()
    {
        var store = CreateStore(new ActivityOptions { MaxEventsPerIdentity = 4096 });
        var count = new ActivityQuery(ActivityFunction.Count, IdentityKind.Customer, "add_to_cart", TimeSpan.FromHours(1));
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await ObserveAsync(store, Shopper("alice"), AddToCart, T0 + (i * 4) + w);
            }
        }));
        await Task.WhenAll(workers);

        var results = await ObserveAsync(store, Shopper("alice"), Checkout, T0 + 1_000, count);

        Assert.Equal(400, results[0]);
    }
}
