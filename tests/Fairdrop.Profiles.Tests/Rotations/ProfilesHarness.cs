using Fairdrop.Core.Ids;
using Fairdrop.Core.Outbound;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Profiles.Fetching;
using Fairdrop.Profiles.Rotations;
using Fairdrop.Profiles.Storage;
using Fairdrop.Profiles.Tests.Fetching;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Profiles.Tests.Rotations;

/// <summary>
/// The module as the host composes it, over a real migrated database, with the operator's allow-list opened for
/// 127.0.0.1 (where the fakes and the image host listen), drop state set by hand and time moved by hand.
/// </summary>
internal sealed class ProfilesHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-04T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private ProfilesHarness(TestDatabase db, ServiceProvider services, FakeTimeProvider time, FakeMoments moments, ImageHost images)
    {
        Db = db;
        Services = services;
        Time = time;
        Moments = moments;
        Images = images;
    }

    public TestDatabase Db { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public FakeMoments Moments { get; }

    public ImageHost Images { get; }

    public Guid MerchantId { get; } = Guid.CreateVersion7();

    public ProfileService Profiles => Services.GetRequiredService<ProfileService>();

    public RotationService Rotations => Services.GetRequiredService<RotationService>();

    public RotationRunner Runner => Services.GetRequiredService<RotationRunner>();

    public RotationStore Store => Services.GetRequiredService<RotationStore>();

    public TimeSpan Lease => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProfilesOptions>>().Value.LeaseDuration;

    public static async Task<ProfilesHarness> CreateAsync(StorageProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        await new MigrationRunner(db.Factory, [new MigrationSource("profiles", typeof(ProfileService).Assembly)], time, NullLogger<MigrationRunner>.Instance)
            .ApplyAsync(CancellationToken.None);
        var moments = new FakeMoments();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(db.Factory);
        services.AddSingleton(new IdGenerator(time));
        services.AddSingleton<OutboundGuard>();
        services.Configure<OutboundOptions>(o => o.AllowedNetworks.Add("127.0.0.1"));
        services.AddSingleton<IProfileMoments>(moments);
        services.AddFairdropProfiles(new ConfigurationBuilder().Build());
        return new ProfilesHarness(db, services.BuildServiceProvider(), time, moments, await ImageHost.StartAsync());
    }

    public string ProductUrl => Images.Url("/product.jpg");

    /// <summary>One worker pass as <paramref name="owner"/>.</summary>
    public Task<int> PassAsync(string owner = "worker-a", CancellationToken cancellationToken = default) => Runner.RunDueAsync(owner, cancellationToken);

    public async Task<Model.Rotation> RotationAsync(Guid id) => (await Rotations.GetAsync(MerchantId, id, CancellationToken.None)).Value!;

    public async ValueTask DisposeAsync()
    {
        await Images.DisposeAsync();
        await Services.DisposeAsync();
        await Db.DisposeAsync();
    }
}
