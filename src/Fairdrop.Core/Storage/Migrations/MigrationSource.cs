using System.Globalization;
using System.Reflection;

namespace Fairdrop.Core.Storage.Migrations;

/// <summary>
/// A module's migrations: SQL files embedded in its assembly under <c>Migrations/</c>, named
/// <c>NNNN_what.sql</c>. Sources apply in registration order, which follows module dependencies.
/// A module's migration history is keyed by its name and each file's number, not by the assembly that ships them.
/// </summary>
public sealed class MigrationSource(string module, Assembly assembly)
{
    private const string Prefix = "Migrations/";

    public string Module { get; } = module;

    public IReadOnlyList<Migration> Load()
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[Prefix.Length..^".sql".Length];
            if (name.Contains('/', StringComparison.Ordinal))
            {
                continue; // only the folder's own files are migrations
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
