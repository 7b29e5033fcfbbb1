using Fairdrop.Core.Storage;
using Fairdrop.Testing;

namespace Fairdrop.SmsPrograms.Tests.Support;

/// <summary>A contract suite run on SQLite and PostgreSQL alike, each test with its own Twilio-contract fake and harness.</summary>
public abstract class ProgramContract : IAsyncLifetime
{
    private FakeTwilio _twilio = null!;

    protected abstract StorageProvider Provider { get; }

    public async Task InitializeAsync() => _twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    /// <summary>A harness over a fresh database of this suite's kind, its clock at <paramref name="now"/>.</summary>
    internal Task<ProgramHarness> HarnessAsync(DateTimeOffset? now = null) => ProgramHarness.CreateAsync(_twilio, Provider, now);
}
