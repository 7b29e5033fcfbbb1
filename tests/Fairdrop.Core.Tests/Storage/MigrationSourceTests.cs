using Fairdrop.Core.Storage.Migrations;

namespace Fairdrop.Core.Tests.Storage;

public sealed class MigrationSourceTests
{
    [Fact]
    public void Load_ReturnsEmbeddedScriptsInNumberOrder()
    {
        var migrations = new MigrationSource("test", typeof(MigrationSourceTests).Assembly).Load();

        Assert.Equal([1, 2], migrations.Select(m => m.Version));
        Assert.Equal("0001_widgets", migrations[0].Name);
        Assert.Contains("CREATE TABLE test_widgets", migrations[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CoreModule_StartsWithTenancy()
    {
        var migrations = new MigrationSource("core", typeof(CoreServiceCollectionExtensions).Assembly).Load();

        Assert.Equal("0001_tenancy", migrations[0].Name);
    }

    [Fact]
    public void Checksum_ChangesWithTheScript()
    {
        var a = new Migration("m", 1, "0001_a", "SELECT 1");
        var edited = a with { Sql = "SELECT 2" };

        Assert.NotEqual(a.Checksum, edited.Checksum);
        Assert.Equal(a.Checksum, new Migration("m", 1, "0001_a", "SELECT 1").Checksum);
        Assert.Equal(64, a.Checksum.Length);
    }
}
