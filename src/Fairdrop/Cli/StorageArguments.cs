using System.CommandLine;

namespace Fairdrop.Cli;

/// <summary>The <c>--data</c> and <c>--postgres</c> options every command that touches the database accepts.</summary>
internal sealed class StorageArguments
{
    public Option<string?> Data { get; } = new("--data")
    {
        Description = "Folder of the embedded SQLite database (default: ./data). Also FAIRDROP_DATA.",
        HelpName = "DIR",
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "Use PostgreSQL with this connection string instead of SQLite. Prefer FAIRDROP_POSTGRES: arguments are visible to other users.",
        HelpName = "CONNSTRING",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Postgres);
    }

    public Dictionary<string, string?> ToSettings(ParseResult parseResult)
    {
        var settings = new Dictionary<string, string?>();
        if (parseResult.GetValue(Data) is { Length: > 0 } data)
        {
            settings["Fairdrop:Storage:DataDirectory"] = data;
        }

        if (parseResult.GetValue(Postgres) is { Length: > 0 } postgres)
        {
            settings["Fairdrop:Storage:Postgres"] = postgres;
        }

        return settings;
    }
}
