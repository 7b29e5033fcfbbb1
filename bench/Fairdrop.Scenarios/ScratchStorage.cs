namespace Fairdrop.Scenarios;

/// <summary>
/// Points a benchmark at a throw-away SQLite folder unless the command named a database, so a benchmark
/// never touches real data; disposing removes the folder.
/// </summary>
internal sealed class ScratchStorage : IDisposable
{
    private readonly string? _folder;

    private ScratchStorage(string? folder) => _folder = folder;

    public static ScratchStorage For(Dictionary<string, string?> settings)
    {
        if (settings.ContainsKey("Fairdrop:Storage:Postgres") || settings.ContainsKey("Fairdrop:Storage:DataDirectory"))
        {
            return new ScratchStorage(null);
        }

        var folder = Directory.CreateTempSubdirectory("fairdrop-bench-").FullName;
        settings["Fairdrop:Storage:DataDirectory"] = folder;
        return new ScratchStorage(folder);
    }

    public void Dispose()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
