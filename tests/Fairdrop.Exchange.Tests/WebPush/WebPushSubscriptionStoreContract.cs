using System.Text.Json;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Tests.Support;

namespace Fairdrop.Exchange.Tests.WebPush;

/// <summary>The subscription store and the VAPID key store on a real database; SQLite and PostgreSQL run the same cases.</summary>
public abstract class WebPushSubscriptionStoreContract
{
    private const string Key = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Auth = "BTBZMqHH6r4Tts7J_aSIgg";
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract StorageProvider Provider { get; }

    [SkippableFact]
    public async Task Add_TwoDevices_ListedNewestFirstAndRecipientReachableByWebPush()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var recipient = await AddRecipientAsync(h, "shopper-1");
        var store = h.Get<WebPushSubscriptionStore>();

        var phone = await store.AddAsync(h.MerchantId, recipient, new WebPushSubscription("https://push.example/a", Key, Auth, "phone"), None);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var laptop = await store.AddAsync(h.MerchantId, recipient, new WebPushSubscription("https://push.example/b", Key, Auth, "laptop"), None);

        var list = await store.ListAsync(h.MerchantId, recipient, None);
        Assert.Equal([laptop!.Id, phone!.Id], list.Select(s => s.Id));
        Assert.Equal("laptop", list[0].Device);
        Assert.Equal(h.Time.GetUtcNow(), list[0].CreatedAt);
        var stored = await h.Get<RecipientStore>().GetAsync(h.MerchantId, recipient, None);
        Assert.Equal(2, stored!.WebPushDevices);
        Assert.True(stored.ToProfile(default).Reachable.Has(Channel.WebPush));
    }

    [SkippableFact]
    public async Task Add_SameEndpointAgain_UpdatesKeysInPlace()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var recipient = await AddRecipientAsync(h, "shopper-1");
        var store = h.Get<WebPushSubscriptionStore>();

        var first = await store.AddAsync(h.MerchantId, recipient, new WebPushSubscription("https://push.example/a", Key, Auth), None);
        var second = await store.AddAsync(h.MerchantId, recipient, new WebPushSubscription("https://push.example/a", Key, "AAAAAAAAAAAAAAAAAAAAAA"), None);

        Assert.Equal(first!.Id, second!.Id);
        Assert.Equal("AAAAAAAAAAAAAAAAAAAAAA", Assert.Single(await store.ListAsync(h.MerchantId, recipient, None)).Auth);
    }

    [SkippableFact]
    public async Task Add_SameDeviceNewEndpoint_ReplacesTheDevicesOldSubscription()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var recipient = await AddRecipientAsync(h, "shopper-1");
        var store = h.Get<WebPushSubscriptionStore>();

        await store.AddAsync(h.MerchantId, recipient, new WebPushSubscription("https://push.example/old", Key, Auth, "phone"), None);
        await store.AddAsync(h.MerchantId, recipient, new WebPushSubscription("https://push.example/new", Key, Auth, "phone"), None);

        Assert.Equal("https://push.example/new", Assert.Single(await store.ListAsync(h.MerchantId, recipient, None)).Endpoint);
    }

    [SkippableFact]
    public async Task AddAndRemove_AnotherMerchantsRecipient_NotFound()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var recipient = await AddRecipientAsync(h, "shopper-1");
        var store = h.Get<WebPushSubscriptionStore>();
        var stored = await store.AddAsync(h.MerchantId, recipient, new WebPushSubscription("https://push.example/a", Key, Auth), None);
        var stranger = Guid.NewGuid();

        Assert.Null(await store.AddAsync(stranger, recipient, new WebPushSubscription("https://push.example/b", Key, Auth), None));
        Assert.False(await store.RemoveAsync(stranger, recipient, stored!.Id, None));
        Assert.Empty(await store.ListAsync(stranger, recipient, None));
        Assert.True(await store.RemoveAsync(h.MerchantId, recipient, stored.Id, None));
        Assert.Empty(await store.ListAsync(h.MerchantId, recipient, None));
        Assert.Equal(0, (await h.Get<RecipientStore>().GetAsync(h.MerchantId, recipient, None))!.WebPushDevices);
    }

    [SkippableFact]
    public async Task RemoveByEndpoint_AnotherRecipientsEndpoint_LeftAlone_TheOwnersRemovedAndRecounted()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var owner = await AddRecipientAsync(h, "shopper-1");
        var other = await AddRecipientAsync(h, "shopper-2");
        var store = h.Get<WebPushSubscriptionStore>();
        await store.AddAsync(h.MerchantId, owner, new WebPushSubscription("https://push.example/a", Key, Auth), None);
        await store.AddAsync(h.MerchantId, owner, new WebPushSubscription("https://push.example/b", Key, Auth), None);

        Assert.False(await store.RemoveByEndpointAsync(h.MerchantId, other, "https://push.example/a", None));
        Assert.False(await store.RemoveByEndpointAsync(Guid.NewGuid(), owner, "https://push.example/a", None));
        Assert.Equal(2, (await store.ListAsync(h.MerchantId, owner, None)).Count);
        Assert.True(await store.RemoveByEndpointAsync(h.MerchantId, owner, "https://push.example/a", None));
        Assert.False(await store.RemoveByEndpointAsync(h.MerchantId, owner, "https://push.example/a", None));

        Assert.Equal("https://push.example/b", Assert.Single(await store.ListAsync(h.MerchantId, owner, None)).Endpoint);
        Assert.Equal(1, (await h.Get<RecipientStore>().GetAsync(h.MerchantId, owner, None))!.WebPushDevices);
    }

    [SkippableFact]
    public async Task FindIdByInAppUserId_TheMerchantsRecipientWithThatUser_NewestWhenSeveral()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var recipients = h.Get<RecipientStore>();
        var first = await AddRecipientAsync(h, "shopper-1", inAppUserId: "user-7");
        await AddRecipientAsync(h, "shopper-2", inAppUserId: "user-8");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await AddRecipientAsync(h, "shopper-3", inAppUserId: "user-7");

        Assert.Equal(second, await recipients.FindIdByInAppUserIdAsync(h.MerchantId, "user-7", None));
        Assert.NotEqual(first, second);
        Assert.Null(await recipients.FindIdByInAppUserIdAsync(h.MerchantId, "user-9", None));
        Assert.Null(await recipients.FindIdByInAppUserIdAsync(h.MerchantId, "USER-7", None));
        Assert.Null(await recipients.FindIdByInAppUserIdAsync(Guid.NewGuid(), "user-7", None));
    }

    [SkippableFact]
    public async Task GetOrCreate_CalledTwice_OneKeyPairPerInstallation()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var store = h.Get<VapidKeyStore>();

        var first = await store.GetOrCreateAsync(None);
        var second = await store.GetOrCreateAsync(None);

        Assert.Equal(first.PublicKeyText, second.PublicKeyText);
        Assert.Equal(first.PrivateKey, second.PrivateKey);
        Assert.Equal(65, first.PublicKey.Length);
    }

    internal static async Task<Guid> AddRecipientAsync(ExchangeHarness h, string externalId, RecipientRules? rules = null, string? inAppUserId = null)
    {
        var contacts = new Contacts(Email: $"{externalId}@example.com", InAppUserId: inAppUserId);
        var input = new RecipientInput(externalId, JsonDocument.Parse("{}").RootElement, contacts, new Dictionary<Channel, Consent>(), rules ?? RecipientRules.Default);
        return (await h.Get<RecipientStore>().UpsertAsync(h.MerchantId, [input], None))[0];
    }
}

public sealed class SqliteWebPushSubscriptionStoreTests : WebPushSubscriptionStoreContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresWebPushSubscriptionStoreTests : WebPushSubscriptionStoreContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
