using System.Globalization;
using System.Reflection;

namespace Fairdrop.Core.Storage.Migrations;

/// <summary>
/// A module's migrations: SQL files embedded in its assembly under <c>Migrations/</c>, named
/// <c>NNNN_what.sql</c>. Sources apply in registration order, which follows module dependencies.
/// A feature inside a module with its own history (the gate's drops) uses a sub-folder as its prefix.
/// </summary>
public sealed class MigrationSource(string module, Assembly assembly, string prefix = "Migrations/")
{
    public string Module { get; } = module;

    public IReadOnlyList<Migration> Load()
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length];
            if (name.Contains('/', StringComparison.Ordinal))
            {
                continue; // a sub-folder belongs to another source
            }

            var digits = name.Split('_', 2)[0];
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{resource}' of module '{Module}' must start with its number, as in 0001_create.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(Module, version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Module '{Module}' has two migrations numbered {migrations[i].Version}.");
            }
        }

        return migrations;
    }
}
