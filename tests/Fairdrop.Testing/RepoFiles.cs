namespace Fairdrop.Testing;

/// <summary>Files of the repository the tests run from (docs whose recipes and examples tests run as written).</summary>
public static class RepoFiles
{
    public static string PathOf(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fairdrop.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new DirectoryNotFoundException("No Fairdrop.slnx above the test's folder."), .. parts]);
    }
}
